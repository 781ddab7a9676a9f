package dev.asyncinspect.source;

/**
 * The slots of an open-addressing hash table that holds only ints: for each entry its number and
 * its hash code, the entries themselves being kept by the caller in order of their numbers. A
 * snapshot numbers a million objects or strings; a table of references that big lives in the
 * old generation, where every insert is a card for the collector to refine, and a HashMap adds a
 * node and a boxed number per entry. Callers probe from {@link #first} with {@link #next} until a
 * free slot, comparing entries whose hash matches.
 */
public final class HashSlots {

    /** Pairs: an entry's number + 1 (0 is free), then its hash code. */
    private int[] slots = new int[2 << 12];
    private int size;

    public int first(int hash) {
        int spread = hash * 0x9E3779B9;     // hash codes may be few bits wide: spread them over the table
        return (spread ^ spread >>> 16) & mask();
    }

    public int next(int slot) {
        return (slot + 1) & mask();
    }

    public boolean isFree(int slot) {
        return slots[2 * slot] == 0;
    }

    public int entry(int slot) {
        return slots[2 * slot] - 1;
    }

    public int hash(int slot) {
        return slots[2 * slot + 1];
    }

    /** Fills the free slot a probe ended at; the table grows when half full. */
    public void put(int slot, int hash, int entry) {
        slots[2 * slot] = entry + 1;
        slots[2 * slot + 1] = hash;
        if (++size * 2 > slots.length / 2) {
            grow();
        }
    }

    private int mask() {
        return slots.length / 2 - 1;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0) {
                int slot = first(old[i + 1]);
                while (!isFree(slot)) {
                    slot = next(slot);
                }
                slots[2 * slot] = old[i];
                slots[2 * slot + 1] = old[i + 1];
            }
        }
    }
}
