package dev.asyncinspect.agent.record;

import dev.asyncinspect.model.TimelineEvent.Kind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recorder's events inside the target: one array of a fixed capacity, five longs an event, so
 * its footprint is known before the first event (40 bytes an event) and each event is one run of
 * memory. The app's threads write without a lock: each claims a chunk of slots at a time, so threads
 * on different cores neither contend for the counter nor share cache lines. When the ring is full the
 * oldest events are overwritten and counted as dropped. A slot is published by its sequence number,
 * written last, so a reader skips one being written; readers sort by time.
 */
final class EventRing {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int WIDTH = 5;
    private static final int MOST_CHUNK = 64;
    private static final int NO_TYPE = 0xFF_FFFF;
    private static final Kind[] KINDS = Kind.values();

    private final int capacity;
    /** Slots a thread claims at a time: few enough that a small ring is not all claimed and empty. */
    private final int chunk;
    private final long[] slots;
    private final AtomicLong next = new AtomicLong();
    /**
     * Per thread: the next index of its chunk, the chunk's end, where the next index's slot starts in
     * {@link #slots}, and {@link #NOTES} longs its writer may keep there from {@link #NOTE}; JDK types
     * only, so nothing of ours outlives a recording in the app's threads.
     */
    private final ThreadLocal<long[]> chunks = new ThreadLocal<>();

    private static final int INDEX = 0;
    private static final int END = 1;
    private static final int BASE = 2;
    /** Where in {@link #local} a writer may keep notes of its own for the thread, all zero at first. */
    static final int NOTE = 3;
    static final int NOTES = 16;

    EventRing(int capacity) {
        this.capacity = capacity;
        this.chunk = Math.max(1, Math.min(MOST_CHUNK, capacity / 1024));
        this.slots = new long[capacity * WIDTH];
    }

    static long bytesFor(int capacity) {
        return 8L * WIDTH * capacity;
    }

    /**
     * @param thread the thread's id, negative for a virtual thread
     * @param object the state machine's, future's or monitor's identity hash
     * @param task   the coroutine's identity hash, or the future's
     * @param type   the recorder's number for the object's class or a location's, below 2^24; -1 for none
     * @param value  the state machine's label, how a future completed, a detail's number
     */
    void add(Kind kind, long at, long thread, int object, int task, int type, int value) {
        add(local(), kind, at, thread, object, task, type, value);
    }

    /** The calling thread's chunk, and its notes from {@link #NOTE}. */
    long[] local() {
        long[] chunk = chunks.get();
        if (chunk == null) {
            chunk = new long[NOTE + NOTES];
            chunks.set(chunk);
        }
        return chunk;
    }

    /** {@link #add(Kind, long, long, int, int, int, int)} with the thread's {@link #local} already at hand. */
    void add(long[] chunk, Kind kind, long at, long thread, int object, int task, int type, int value) {
        if (chunk[INDEX] == chunk[END]) {
            long first = next.getAndAdd(this.chunk);
            chunk[INDEX] = first;
            chunk[END] = first + this.chunk;
            chunk[BASE] = (first % capacity) * WIDTH;
        }
        long index = chunk[INDEX]++;
        // The slot follows from the last one: a division an event would cost more than the rest of it.
        int base = (int) chunk[BASE];
        chunk[BASE] = base + WIDTH == slots.length ? 0 : base + WIDTH;
        SLOTS.setRelease(slots, base, -1L);
        slots[base + 1] = at;
        slots[base + 2] = thread;
        slots[base + 3] = ((long) object << 32) | (task & 0xFFFF_FFFFL);
        slots[base + 4] = ((long) ((kind.ordinal() << 24) | (type & NO_TYPE)) << 32) | (value & 0xFFFF_FFFFL);
        SLOTS.setRelease(slots, base, index + 1);
    }

    /** Slots claimed past the capacity: the events overwritten, give or take the chunks being filled. */
    long dropped() {
        return Math.max(0, next.get() - capacity);
    }

    /** What a reader is handed for each event still in the ring. */
    interface Visitor {
        void event(Kind kind, long nanos, long thread, int object, int task, int type, int value);
    }

    /**
     * Visits the events in the ring in the order their slots were claimed, so each thread's in its own
     * order; one overwritten while it is read is left out.
     */
    void read(Visitor visitor) {
        long[] order = new long[capacity];
        int published = 0;
        for (int slot = 0; slot < capacity; slot++) {
            long sequence = (long) SLOTS.getAcquire(slots, slot * WIDTH);
            if (sequence > 0) {
                order[published++] = sequence;
            }
        }
        Arrays.sort(order, 0, published);
        for (int i = 0; i < published; i++) {
            long sequence = order[i];
            int base = (int) ((sequence - 1) % capacity) * WIDTH;
            long at = slots[base + 1];
            long thread = slots[base + 2];
            long ids = slots[base + 3];
            long rest = slots[base + 4];
            VarHandle.acquireFence();
            if ((long) SLOTS.getAcquire(slots, base) == sequence) {
                int high = (int) (rest >>> 32);
                int type = high & NO_TYPE;
                visitor.event(KINDS[high >>> 24], at, thread, (int) (ids >>> 32), (int) ids, type == NO_TYPE ? -1 : type, (int) rest);
            }
        }
    }
}
