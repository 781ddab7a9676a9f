package dev.asyncinspect.agent.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recorder's events inside the target: a ring of primitive columns of a fixed capacity, so its
 * footprint is known before the first event (41 bytes an event) and the app's threads write without
 * a lock. When it is full the oldest events are overwritten and counted as dropped. A slot is
 * published by its sequence number, written last, so a reader skips one being written.
 */
final class EventRing {

    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);

    private final int capacity;
    private final long[] sequence;
    private final long[] nanos;
    private final long[] threads;
    private final byte[] kinds;
    private final int[] objects;
    private final int[] tasks;
    private final int[] types;
    private final int[] values;
    private final AtomicLong next = new AtomicLong();

    EventRing(int capacity) {
        this.capacity = capacity;
        sequence = new long[capacity];
        nanos = new long[capacity];
        threads = new long[capacity];
        kinds = new byte[capacity];
        objects = new int[capacity];
        tasks = new int[capacity];
        types = new int[capacity];
        values = new int[capacity];
    }

    static long bytesFor(int capacity) {
        return 41L * capacity;
    }

    /**
     * @param thread the thread's id, negative for a virtual thread
     * @param object the state machine's, future's or monitor's identity hash
     * @param task   the coroutine's identity hash, or the future's
     * @param type   the recorder's number for the object's class
     * @param value  the state machine's label, how a future completed, a location's number
     */
    void add(byte kind, long at, long thread, int object, int task, int type, int value) {
        long index = next.getAndIncrement();
        int slot = (int) (index % capacity);
        SEQUENCE.setRelease(sequence, slot, -1L);
        nanos[slot] = at;
        threads[slot] = thread;
        kinds[slot] = kind;
        objects[slot] = object;
        tasks[slot] = task;
        types[slot] = type;
        values[slot] = value;
        SEQUENCE.setRelease(sequence, slot, index + 1);
    }

    long written() {
        return next.get();
    }

    long dropped() {
        return Math.max(0, next.get() - capacity);
    }

    /** What a reader is handed for each event still in the ring, oldest first. */
    interface Visitor {
        void event(byte kind, long nanos, long thread, int object, int task, int type, int value);
    }

    /** Visits the events in the ring; one overwritten while it is read is left out. */
    void read(Visitor visitor) {
        long end = next.get();
        for (long index = Math.max(0, end - capacity); index < end; index++) {
            int slot = (int) (index % capacity);
            if ((long) SEQUENCE.getAcquire(sequence, slot) != index + 1) {
                continue;
            }
            byte kind = kinds[slot];
            long at = nanos[slot];
            long thread = threads[slot];
            int object = objects[slot];
            int task = tasks[slot];
            int type = types[slot];
            int value = values[slot];
            VarHandle.acquireFence();
            if ((long) SEQUENCE.getAcquire(sequence, slot) == index + 1) {
                visitor.event(kind, at, thread, object, task, type, value);
            }
        }
    }
}
