package dev.asyncinspect.source;

import java.util.Arrays;

/**
 * The number of each distinct string a snapshot file has written, in the order first written.
 * A snapshot of 300,000 tasks has a million distinct strings; a HashMap of them is a million nodes
 * and boxed numbers, kept alive to the end and copied by every collection the target runs meanwhile.
 * Here the hash table holds only ints (a string's number and hash code), and the strings sit in
 * chunks filled in order.
 */
final class StringNumbers {

    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    /** Pairs: a string's number + 1 (0 is free), then its hash code. */
    private int[] slots = new int[2 << 12];
    private String[][] strings = new String[16][];
    private int size;

    /** The string's number if it was numbered before, else -1 after numbering it {@link #size()} - 1. */
    int numberOf(String value) {
        int hash = value.hashCode();
        int mask = slots.length / 2 - 1;
        int slot = slot(hash, mask);
        for (int entry; (entry = slots[2 * slot]) != 0; slot = (slot + 1) & mask) {
            if (slots[2 * slot + 1] == hash && stringAt(entry - 1).equals(value)) {
                return entry - 1;
            }
        }
        append(value);
        slots[2 * slot] = size;
        slots[2 * slot + 1] = hash;
        if (size * 2 > slots.length / 2) {
            grow();
        }
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

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        int mask = slots.length / 2 - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0) {
                int slot = slot(old[i + 1], mask);
                while (slots[2 * slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[2 * slot] = old[i];
                slots[2 * slot + 1] = old[i + 1];
            }
        }
    }

    private static int slot(int hash, int mask) {
        int spread = hash * 0x9E3779B9;
        return (spread ^ spread >>> 16) & mask;
    }
}
