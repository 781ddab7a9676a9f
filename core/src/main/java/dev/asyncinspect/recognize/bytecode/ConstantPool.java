package dev.asyncinspect.recognize.bytecode;

import java.nio.ByteBuffer;

/** Reads method references out of a class's raw constant pool (JVMS §4.4), as JDI hands it over. */
public final class ConstantPool {

    /** A resolved {@code Methodref} or {@code InterfaceMethodref}; owner is a dotted class name. */
    public record MethodRef(String owner, String name, String descriptor) {}

    private final int[] offsets;
    private final byte[] tags;
    private final ByteBuffer bytes;

    public ConstantPool(int count, byte[] raw) {
        offsets = new int[count];
        tags = new byte[count];
        bytes = ByteBuffer.wrap(raw);
        int position = 0;
        for (int index = 1; index < count; index++) {
            byte tag = raw[position];
            tags[index] = tag;
            offsets[index] = position + 1;
            position += 1 + size(tag, position + 1);
            if (tag == 5 || tag == 6) {         // longs and doubles take two slots
                index++;
            }
        }
    }

    private int size(byte tag, int body) {
        return switch (tag) {
            case 1 -> 2 + Short.toUnsignedInt(bytes.getShort(body));
            case 7, 8, 16, 19, 20 -> 2;
            case 15 -> 3;
            case 3, 4, 9, 10, 11, 12, 17, 18 -> 4;
            case 5, 6 -> 8;
            default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
        };
    }

    /** The field name a {@code getfield}/{@code putfield} operand names, or null when the entry is something else. */
    public String fieldName(int index) {
        if (index <= 0 || index >= tags.length || tags[index] != 9) {
            return null;
        }
        int nameAndType = u2(offsets[index] + 2);
        return utf8(u2(offsets[nameAndType]));
    }

    /** The method a call instruction's operand names, or null when the entry is something else. */
    public MethodRef methodRef(int index) {
        if (index <= 0 || index >= tags.length || (tags[index] != 10 && tags[index] != 11)) {
            return null;
        }
        int classIndex = u2(offsets[index]);
        int nameAndType = u2(offsets[index] + 2);
        String owner = utf8(u2(offsets[classIndex])).replace('/', '.');
        return new MethodRef(owner, utf8(u2(offsets[nameAndType])), utf8(u2(offsets[nameAndType] + 2)));
    }

    private int u2(int at) {
        return Short.toUnsignedInt(bytes.getShort(at));
    }

    private String utf8(int index) {
        int length = u2(offsets[index]);
        // Modified UTF-8 equals UTF-8 for the names a compiler writes.
        return new String(bytes.array(), offsets[index] + 2, length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
