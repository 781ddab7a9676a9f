package dev.asyncinspect.recognize.futures;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.MethodFacts;
import dev.asyncinspect.recognize.bytecode.ConstantPool;
import dev.asyncinspect.recognize.bytecode.Opcodes;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a running {@code supplyAsync}/{@code runAsync} task keeps its future. The task unlinks the
 * future from its {@code dep} field as it starts, keeping it only in a local of {@code run()}; the
 * JDK has no local variable names, so the slot is found in the bytecode: {@code getfield dep; dup; astore n}.
 */
final class AsyncTaskSlots {

    private static final String[] TASKS = {FutureRecognizer.FUTURE + "$AsyncSupply", FutureRecognizer.FUTURE + "$AsyncRun"};

    private AsyncTaskSlots() {}

    /** Slot numbers by function ({@code java.util.concurrent.CompletableFuture$AsyncSupply.run}). */
    static Map<String, Integer> find(HeapView heap) {
        Map<String, Integer> slots = new HashMap<>();
        for (String task : TASKS) {
            for (HeapClass type : heap.classesNamed(task)) {
                var pool = heap.constantPool(type).map(p -> new ConstantPool(p.count(), p.bytes())).orElse(null);
                for (MethodFacts method : heap.methods(type)) {
                    if (pool != null && method.name().equals("run")) {
                        int slot = depSlot(method.bytecode(), pool);
                        if (slot >= 0) {
                            slots.put(task + ".run", slot);
                        }
                    }
                }
            }
        }
        return slots;
    }

    private static int depSlot(byte[] code, ConstantPool pool) {
        for (int pc = 0; pc + 4 < code.length; pc += Opcodes.length(code, pc)) {
            if (Byte.toUnsignedInt(code[pc]) == 0xb4 && "dep".equals(pool.fieldName(u2(code, pc + 1)))
                    && Byte.toUnsignedInt(code[pc + 3]) == 0x59) {
                int store = Byte.toUnsignedInt(code[pc + 4]);
                if (store >= 0x4b && store <= 0x4e) {
                    return store - 0x4b;
                }
                if (store == 0x3a && pc + 5 < code.length) {
                    return Byte.toUnsignedInt(code[pc + 5]);
                }
            }
        }
        return -1;
    }

    private static int u2(byte[] code, int at) {
        return ((code[at] & 0xff) << 8) | (code[at + 1] & 0xff);
    }
}
