package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.MethodFacts;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What a class file on disk tells that a heap dump does not: methods with their bytecode, source
 * lines and local variable names, the interfaces, and the raw constant pool (as JDI hands it over).
 */
final class ParsedClass {

    /** A local variable's name, type and live range (bytecode offsets, end exclusive). */
    record LocalVariable(String name, String descriptor, int slot, int start, int end) {}

    /** A method with its line table (offset to line) and local variables. */
    record Method(MethodFacts facts, int access, TreeMap<Integer, Integer> lines, List<LocalVariable> locals) {

        boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }
    }

    final String name;
    final String superName;
    final List<String> interfaces;
    final String sourceFile;
    final List<Method> methods;
    /** Instance field names in declaration order. */
    final List<String> instanceFields;
    final HeapView.ConstantPoolBytes constantPool;
    final byte[] bytes;

    private ParsedClass(String name, String superName, List<String> interfaces, String sourceFile, List<Method> methods,
                        List<String> instanceFields, HeapView.ConstantPoolBytes constantPool, byte[] bytes) {
        this.instanceFields = instanceFields;
        this.name = name;
        this.superName = superName;
        this.interfaces = interfaces;
        this.sourceFile = sourceFile;
        this.methods = methods;
        this.constantPool = constantPool;
        this.bytes = bytes;
    }

    Optional<Method> method(String name, String descriptor) {
        return methods.stream().filter(m -> m.facts().name().equals(name) && m.facts().descriptor().equals(descriptor)).findFirst();
    }

    static ParsedClass parse(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        String className = reader.getClassName().replace('/', '.');
        String[] source = new String[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visitSource(String file, String debug) {
                source[0] = file;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
        List<String> instanceFields = new ArrayList<>();
        List<Method> methods = methods(bytes, reader, className, source[0], instanceFields);
        int poolEnd = reader.header;
        HeapView.ConstantPoolBytes pool = new HeapView.ConstantPoolBytes(reader.getItemCount(), Arrays.copyOfRange(bytes, 10, poolEnd));
        String superName = reader.getSuperName() == null ? null : reader.getSuperName().replace('/', '.');
        List<String> interfaces = Arrays.stream(reader.getInterfaces()).map(i -> i.replace('/', '.')).toList();
        return new ParsedClass(className, superName, interfaces, source[0], methods, List.copyOf(instanceFields), pool, bytes);
    }

    /**
     * Each method with its code, line table and local variables, read from the class file's own
     * structures (JVMS 4.6, 4.7.3, 4.7.12, 4.7.13): ASM hands over instructions, not their offsets.
     */
    private static List<Method> methods(byte[] bytes, ClassReader reader, String className, String sourceFile,
                                        List<String> instanceFields) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        char[] buffer = new char[Math.max(16, reader.getMaxStringLength())];
        int at = reader.header + 6;
        at += 2 + 2 * u2(in, at);
        int fields = u2(in, at);
        at += 2;
        for (int i = 0; i < fields; i++) {
            if ((u2(in, at) & Opcodes.ACC_STATIC) == 0) {
                instanceFields.add(reader.readUTF8(at + 2, buffer));
            }
            at = skipMember(in, at);
        }
        int count = u2(in, at);
        at += 2;
        List<Method> methods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int access = u2(in, at);
            String name = reader.readUTF8(at + 2, buffer);
            String descriptor = reader.readUTF8(at + 4, buffer);
            int attributes = u2(in, at + 6);
            int attribute = at + 8;
            byte[] code = new byte[0];
            TreeMap<Integer, Integer> lines = new TreeMap<>();
            List<LocalVariable> locals = new ArrayList<>();
            List<String> parameters = new ArrayList<>();
            for (int a = 0; a < attributes; a++) {
                String attributeName = reader.readUTF8(attribute, buffer);
                int length = in.getInt(attribute + 2);
                int body = attribute + 6;
                if (attributeName.equals("Code")) {
                    int codeLength = in.getInt(body + 4);
                    code = Arrays.copyOfRange(bytes, body + 8, body + 8 + codeLength);
                    int next = body + 8 + codeLength;
                    next += 2 + 8 * u2(in, next);
                    int codeAttributes = u2(in, next);
                    next += 2;
                    for (int c = 0; c < codeAttributes; c++) {
                        String codeAttribute = reader.readUTF8(next, buffer);
                        int entries = u2(in, next + 6);
                        int entry = next + 8;
                        if (codeAttribute.equals("LineNumberTable")) {
                            for (int e = 0; e < entries; e++, entry += 4) {
                                lines.putIfAbsent(u2(in, entry), u2(in, entry + 2));
                            }
                        } else if (codeAttribute.equals("LocalVariableTable")) {
                            for (int e = 0; e < entries; e++, entry += 10) {
                                int start = u2(in, entry);
                                locals.add(new LocalVariable(reader.readUTF8(entry + 4, buffer), reader.readUTF8(entry + 6, buffer),
                                        u2(in, entry + 8), start, start + u2(in, entry + 2)));
                            }
                        }
                        next += 6 + in.getInt(next + 2);
                    }
                } else if (attributeName.equals("MethodParameters")) {
                    int entries = Byte.toUnsignedInt(bytes[body]);
                    for (int e = 0; e < entries; e++) {
                        parameters.add(u2(in, body + 1 + 4 * e) == 0 ? null : reader.readUTF8(body + 1 + 4 * e, buffer));
                    }
                }
                attribute = body + length;
            }
            at = attribute;
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            List<String> names = parameterNames(descriptor, isStatic, locals);
            if (names.isEmpty() && !parameters.isEmpty() && !parameters.contains(null)) {
                names = List.copyOf(parameters);
            }
            int firstLine = lines.isEmpty() ? -1 : lines.firstEntry().getValue();
            methods.add(new Method(new MethodFacts(className, name, descriptor, sourceFile, firstLine, names, code),
                    access, lines, List.copyOf(locals)));
        }
        return List.copyOf(methods);
    }

    private static int u2(ByteBuffer in, int at) {
        return Short.toUnsignedInt(in.getShort(at));
    }

    /** The source names of a method's parameters, from its local variable table: slots from 0 (or 1 past {@code this}). */
    private static List<String> parameterNames(String descriptor, boolean isStatic, List<LocalVariable> variables) {
        List<String> names = new ArrayList<>();
        int slot = isStatic ? 0 : 1;
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            int at = slot;
            Optional<LocalVariable> found = variables.stream().filter(v -> v.slot() == at && v.start() == 0).findFirst();
            if (found.isEmpty()) {
                return List.of();
            }
            names.add(found.get().name());
            slot += argument.getSize();
        }
        return names;
    }

    private static int skipMember(ByteBuffer in, int at) {
        int attributes = Short.toUnsignedInt(in.getShort(at + 6));
        at += 8;
        for (int a = 0; a < attributes; a++) {
            at += 6 + in.getInt(at + 2);
        }
        return at;
    }

}
