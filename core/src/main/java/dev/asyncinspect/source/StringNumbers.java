package dev.asyncinspect.source;

import java.util.Arrays;

/**
 * The number of each distinct string a snapshot file has written, in the order first written: the
 * hash table holds ints only ({@link HashSlots}), and the strings sit in chunks filled in order.
 */
final class StringNumbers {

    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final HashSlots slots = new HashSlots();
    private String[][] strings = new String[16][];
    private int size;

    /** The string's number if it was numbered before, else -1 after numbering it {@link #size()} - 1. */
    int numberOf(String value) {
        int hash = value.hashCode();
        int slot = slots.first(hash);
        for (; !slots.isFree(slot); slot = slots.next(slot)) {
            if (slots.hash(slot) == hash && stringAt(slots.entry(slot)).equals(value)) {
                return slots.entry(slot);
            }
        }
        append(value);
        slots.put(slot, hash, size - 1);
        return -1;
    }

    int size() {
        return size;
    }

    private String stringAt(int number) {
        return strings[number >>> CHUNK_BITS][number & (CHUNK - 1)];
    }

    private void append(String value) {
        int chunk = size >>> CHUNK_BITS;
        if (chunk == strings.length) {
            strings = Arrays.copyOf(strings, chunk * 2);
        }
        if (strings[chunk] == null) {
            strings[chunk] = new String[CHUNK];
        }
        strings[chunk][size & (CHUNK - 1)] = value;
        size++;
    }
}
