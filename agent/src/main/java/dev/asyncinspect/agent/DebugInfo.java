package dev.asyncinspect.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Local variable names from the class files on the target's class path: a late JVMTI agent may
 * not read local variable tables, and reflection knows no local names.
 */
final class DebugInfo {

    private final Function<Class<?>, Optional<byte[]>> classFiles;
    private final Map<Class<?>, Map<String, MethodInfo>> byClass = new IdentityHashMap<>();

    DebugInfo(Function<Class<?>, Optional<byte[]>> classFiles) {
        this.classFiles = classFiles;
    }

    /** What the class file says of one method; {@link MethodInfo#UNKNOWN} when it cannot be found. */
    MethodInfo method(Class<?> type, String name, String descriptor) {
        return byClass.computeIfAbsent(type, this::read).getOrDefault(name + descriptor, MethodInfo.UNKNOWN);
    }

    private Map<String, MethodInfo> read(Class<?> type) {
        Map<String, MethodInfo> methods = new HashMap<>();
        // Labels learn their offsets only when a writer lays out the code, hence the ClassWriter underneath.
        classFiles.apply(type).ifPresent(bytes -> new ClassReader(bytes).accept(
                new ClassVisitor(Opcodes.ASM9, new ClassWriter(0)) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                List<Object[]> scopes = new ArrayList<>();
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitLocalVariable(String variable, String type, String generic, Label start, Label end, int slot) {
                        super.visitLocalVariable(variable, type, generic, start, end, slot);
                        scopes.add(new Object[] {variable, type, slot, start, end});
                    }

                    @Override
                    public void visitEnd() {
                        super.visitEnd();
                        List<LocalVariable> variables = new ArrayList<>();
                        for (Object[] scope : scopes) {
                            variables.add(new LocalVariable((String) scope[0], (String) scope[1], (Integer) scope[2],
                                    ((Label) scope[3]).getOffset(), ((Label) scope[4]).getOffset()));
                        }
                        methods.put(name + descriptor, new MethodInfo((access & Opcodes.ACC_STATIC) != 0,
                                parameterSlots(access, descriptor), variables));
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES));
        return methods;
    }

    private static List<Integer> parameterSlots(int access, String descriptor) {
        List<Integer> slots = new ArrayList<>();
        int slot = (access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            slots.add(slot);
            slot += argument.getSize();
        }
        return slots;
    }

    /**
     * @param isStatic false also when unknown, so that slot 0 is taken for {@code this} only when it holds one
     */
    record MethodInfo(boolean isStatic, List<Integer> parameterSlots, List<LocalVariable> variables) {

        static final MethodInfo UNKNOWN = new MethodInfo(false, List.of(), List.of());

        /** Parameter names in order, or empty when the class has no local variable table. */
        List<String> parameterNames() {
            List<String> names = new ArrayList<>();
            for (int slot : parameterSlots) {
                variables.stream().filter(v -> v.slot() == slot && v.start() == 0).findFirst()
                        .ifPresent(v -> names.add(v.name()));
            }
            return names.size() == parameterSlots.size() ? names : List.of();
        }

        /** The variables in scope at a bytecode index. */
        List<LocalVariable> visibleAt(int bci) {
            return variables.stream().filter(v -> v.start() <= bci && bci < v.end() && !v.name().equals("this")).toList();
        }
    }

    record LocalVariable(String name, String descriptor, int slot, int start, int end) {

        boolean isReference() {
            return descriptor.startsWith("L") || descriptor.startsWith("[");
        }

        String typeName() {
            return Type.getType(descriptor).getClassName();
        }
    }
}
