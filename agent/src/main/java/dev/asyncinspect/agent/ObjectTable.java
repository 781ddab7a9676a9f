package dev.asyncinspect.agent;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.ObjectRef;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The objects a snapshot has handed out, both ways: object to {@link ObjectRef} and id to object.
 * Ids come from identity hash codes, so a task keeps its id from one snapshot to the next (as JDWP's
 * object ids do within a connection) while the agent keeps nothing between snapshots; objects that
 * share a hash code get it plus a multiple of 2^31.
 * <p>
 * Shaped for the target's garbage collector: a snapshot hands out over a million objects, and a
 * table of references that big lives in the old generation, where every new entry is a card for
 * the collector to refine. The hash table here holds only ints (an entry's number and hash code);
 * the objects sit in chunks filled in order while they are young.
 */
final class ObjectTable {

    private static final long HASH_BITS = 0x7fffffffL;
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    /** Pairs: entry number + 1 (0 is free), then the entry's hash code. */
    private int[] slots = new int[2 << 12];
    private Object[][] objects = new Object[16][];
    private ObjectRef[][] refs = new ObjectRef[16][];
    private int size;
    private final Function<Class<?>, HeapClass> heapClass;

    ObjectTable(Function<Class<?>, HeapClass> heapClass) {
        this.heapClass = heapClass;
    }

    /** The object's reference: one per object, however often it is read. */
    ObjectRef ref(Object object) {
        int hash = (int) (System.identityHashCode(object) & HASH_BITS);
        int mask = slots.length / 2 - 1;
        long sameHash = 0;
        int slot = slot(hash, mask);
        for (int entry; (entry = slots[2 * slot]) != 0; slot = (slot + 1) & mask) {
            if (slots[2 * slot + 1] == hash) {
                if (objectAt(entry - 1) == object) {
                    return refAt(entry - 1);
                }
                sameHash++;
            }
        }
        ObjectRef ref = new ObjectRef(hash + (sameHash << 31), heapClass.apply(object.getClass()));
        append(object, ref);
        slots[2 * slot] = size;
        slots[2 * slot + 1] = hash;
        if (size * 2 > slots.length / 2) {
            grow();
        }
        return ref;
    }

    /** The object behind an id this table handed out, or null. */
    Object object(ObjectRef ref) {
        int hash = (int) (ref.id() & HASH_BITS);
        int mask = slots.length / 2 - 1;
        for (int slot = slot(hash, mask), entry; (entry = slots[2 * slot]) != 0; slot = (slot + 1) & mask) {
            if (slots[2 * slot + 1] == hash && refAt(entry - 1).id() == ref.id()) {
                return objectAt(entry - 1);
            }
        }
        return null;
    }

    void clear() {
        slots = new int[2 << 12];
        objects = new Object[16][];
        refs = new ObjectRef[16][];
        size = 0;
    }

    private Object objectAt(int index) {
        return objects[index >>> CHUNK_BITS][index & (CHUNK - 1)];
    }

    private ObjectRef refAt(int index) {
        return refs[index >>> CHUNK_BITS][index & (CHUNK - 1)];
    }

    private void append(Object object, ObjectRef ref) {
        int chunk = size >>> CHUNK_BITS;
        if (chunk == objects.length) {
            objects = Arrays.copyOf(objects, chunk * 2);
            refs = Arrays.copyOf(refs, chunk * 2);
        }
        if (objects[chunk] == null) {
            objects[chunk] = new Object[CHUNK];
            refs[chunk] = new ObjectRef[CHUNK];
        }
        objects[chunk][size & (CHUNK - 1)] = object;
        refs[chunk][size & (CHUNK - 1)] = ref;
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

    /** Identity hash codes are random but may be few bits wide: spread them over the table. */
    private static int slot(int hash, int mask) {
        int spread = hash * 0x9E3779B9;
        return (spread ^ spread >>> 16) & mask;
    }
}
