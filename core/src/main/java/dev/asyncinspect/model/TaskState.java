package dev.asyncinspect.model;

/**
 * A task's state: in the runtime's own words for the user ({@code RUNNABLE}, {@code WAITING (parked)},
 * {@code suspended}, {@code pending}, a virtual thread's {@code parked}), and the phase it is in, which
 * is what code may rely on: the words differ between runtimes and JDKs.
 */
public record TaskState(Phase phase, String label) {

    public enum Phase {
        /** Created, not started. */
        NEW,
        /** Running code, or ready to run it. */
        RUNNING,
        /** Waiting: blocked, parked, sleeping, suspended at a suspension point, a future not yet completed. */
        WAITING,
        /** Finished. */
        DONE
    }

    public boolean is(Phase phase) {
        return this.phase == phase;
    }
}
