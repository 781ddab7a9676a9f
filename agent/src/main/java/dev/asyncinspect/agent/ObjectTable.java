package dev.asyncinspect.agent;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.source.HashSlots;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The objects a snapshot has handed out, both ways: object to {@link ObjectRef} and id to object.
 * Ids come from identity hash codes, so a task keeps its id from one snapshot to the next (as JDWP's
 * object ids do within a connection) while the agent keeps nothing between snapshots; objects that
 * share a hash code get it plus a multiple of 2^31.
 * <p>
 * Shaped for the target's garbage collector: the hash table holds only ints ({@link HashSlots}),
 * and the objects sit in chunks filled in order while they are young.
 */
final class ObjectTable {

    private static final long HASH_BITS = 0x7fffffffL;
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private HashSlots slots = new HashSlots();
    private Object[][] objects = new Object[16][];
    private ObjectRef[][] refs = new ObjectRef[16][];
    /** The {@link #firstReadIn} call that last read each object. */
    private int[][] reads = new int[16][];
    private int size;
    private final Function<Class<?>, HeapClass> heapClass;

    ObjectTable(Function<Class<?>, HeapClass> heapClass) {
        this.heapClass = heapClass;
    }

    /** The object's reference: one per object, however often it is read. */
    ObjectRef ref(Object object) {
        int hash = (int) (System.identityHashCode(object) & HASH_BITS);
        long sameHash = 0;
        int slot = slots.first(hash);
        for (; !slots.isFree(slot); slot = slots.next(slot)) {
            if (slots.hash(slot) == hash) {
                if (objectAt(slots.entry(slot)) == object) {
                    return refAt(slots.entry(slot));
                }
                sameHash++;
            }
        }
        ObjectRef ref = new ObjectRef(hash + (sameHash << 31), heapClass.apply(object.getClass()));
        append(object, ref);
        slots.put(slot, hash, size - 1);
        return ref;
    }

    /** The object behind an id this table handed out, or null. */
    Object object(ObjectRef ref) {
        int entry = entry(ref);
        return entry < 0 ? null : objectAt(entry);
    }

    /** Where the table keeps the object behind an id it handed out, or -1. */
    int entry(ObjectRef ref) {
        int hash = (int) (ref.id() & HASH_BITS);
        for (int slot = slots.first(hash); !slots.isFree(slot); slot = slots.next(slot)) {
            if (slots.hash(slot) == hash && refAt(slots.entry(slot)).id() == ref.id()) {
                return slots.entry(slot);
            }
        }
        return -1;
    }

    /** Marks the entry as read by one numbered pass; false when that pass already read it. */
    boolean firstReadIn(int entry, int pass) {
        int[] chunk = reads[entry >>> CHUNK_BITS];
        if (chunk[entry & (CHUNK - 1)] == pass) {
            return false;
        }
        chunk[entry & (CHUNK - 1)] = pass;
        return true;
    }

    /** Lets go of every object, so the target's heap is as it was. */
    void clear() {
        slots = new HashSlots();
        objects = new Object[16][];
        refs = new ObjectRef[16][];
        reads = new int[16][];
        size = 0;
    }

    Object objectAt(int index) {
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
            reads = Arrays.copyOf(reads, chunk * 2);
        }
        if (objects[chunk] == null) {
            objects[chunk] = new Object[CHUNK];
            refs[chunk] = new ObjectRef[CHUNK];
            reads[chunk] = new int[CHUNK];
        }
        objects[chunk][size & (CHUNK - 1)] = object;
        refs[chunk][size & (CHUNK - 1)] = ref;
        size++;
    }
}
