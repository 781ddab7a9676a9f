package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.MethodFacts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;

/**
 * The one call a lambda class makes, rebuilt as the JVM would hand it over for a hidden class: a
 * constant pool holding the implementation's method reference and a method whose code calls it.
 * The recognizers then read it as they read a live lambda class's bytecode.
 */
record LambdaForwarder(MethodFacts method, HeapView.ConstantPoolBytes pool) {

    private static final int METHOD_REF = 6;

    static LambdaForwarder of(String lambdaClass, Handle implementation) {
        boolean isStatic = implementation.getTag() == Opcodes.H_INVOKESTATIC
                || implementation.getTag() == Opcodes.H_NEWINVOKESPECIAL;
        int opcode = isStatic ? 0xb8 : implementation.getTag() == Opcodes.H_INVOKESPECIAL ? 0xb7 : 0xb6;
        byte[] code = {(byte) opcode, 0, METHOD_REF, (byte) 0xb1};
        MethodFacts method = new MethodFacts(lambdaClass, "forward", "()V", null, -1, List.of(), code);
        return new LambdaForwarder(method, pool(implementation));
    }

    private static HeapView.ConstantPoolBytes pool(Handle implementation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);                   // #1 Utf8 owner
            out.writeUTF(implementation.getOwner());
            out.writeByte(7);                   // #2 Class #1
            out.writeShort(1);
            out.writeByte(1);                   // #3 Utf8 name
            out.writeUTF(implementation.getName());
            out.writeByte(1);                   // #4 Utf8 descriptor
            out.writeUTF(implementation.getDesc());
            out.writeByte(12);                  // #5 NameAndType #3 #4
            out.writeShort(3);
            out.writeShort(4);
            out.writeByte(implementation.isInterface() ? 11 : 10);  // #6 (Interface)Methodref #2 #5
            out.writeShort(2);
            out.writeShort(5);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new HeapView.ConstantPoolBytes(7, bytes.toByteArray());
    }
}
