package dev.asyncinspect.model;


/**
 * One recorded event.
 *
 * @param nanos    when, on the tool's monotonic clock (the same CLOCK_MONOTONIC as the target's on Linux)
 * @param taskId   the coroutine (c…), future (f…) or thread (t…) it belongs to, or null when not found
 * @param function {@code pkg.Class.method}: the state machine's function; for a future or a thread, where
 *                 in the user's code it completed or blocked
 * @param state    the suspension point resumed from ({@link Kind#RESUMED}) or suspended at ({@link Kind#SUSPENDED});
 *                 0 = start, and for the other kinds
 * @param location file:line of that suspension point, or of where a future completed or a thread blocked; or null
 * @param object   the state machine, future or monitor object's id: pairs a suspension with the next resume
 * @param detail   "normally"/"exceptionally"/"cancelled" for a future; for a thread's wait the monitor's or blocker's type; a
 *                 created coroutine's class; else null
 */
public record TimelineEvent(long nanos, String taskId, Kind kind, String function, int state, String location,
                            long object, String detail) {

    public enum Kind {
        /** A coroutine was created (its builder ran); {@code detail} names the coroutine's class. */
        CREATED("created"),
        /** A state machine entered: started (state 0) or resumed from a suspension point. */
        RESUMED("resumed"),
        /** A state machine's code returned COROUTINE_SUSPENDED: it waits at suspension point {@code state}. */
        SUSPENDED("suspended"),
        /** A state machine's code returned its result. */
        COMPLETED("completed"),
        FUTURE_COMPLETED("future completed"),
        /** A thread waits to enter a monitor another thread holds. */
        BLOCKED("blocked"),
        /** A thread parked (a lock, a future's get or join, a queue): {@code detail} names what it parked on. */
        PARKED("parked"),
        /** A thread waits in {@code Object.wait} on a monitor of type {@code detail}. */
        WAITED("waited"),
        SLEPT("slept"),
        /** A virtual thread blocked while pinned to its carrier. */
        PINNED("pinned"),
        /** The thread runs again after any of the waits above. */
        UNBLOCKED("unblocked");

        /** Whether a thread's wait begins here; {@link #UNBLOCKED} ends it. */
        public boolean threadWait() {
            return this == BLOCKED || this == PARKED || this == WAITED || this == SLEPT || this == PINNED;
        }

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
