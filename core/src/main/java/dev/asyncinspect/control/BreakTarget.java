package dev.asyncinspect.control;

/** Where a breakpoint stops, in the user's terms. */
public sealed interface BreakTarget {

    /**
     * A method or suspend function by simple ({@code refill}) or qualified ({@code PumpKt.refill}) name;
     * for a suspend function every entry into its state machine (start and each resume) is a stop.
     *
     * @param state only resumptions from this suspension point (1-based), 0 for calls only, or null for all
     */
    record Function(String name, Integer state) implements BreakTarget {
        @Override
        public String describe() {
            return name + (state == null ? "" : " state " + state);
        }
    }

    record SourceLine(String file, int line) implements BreakTarget {
        @Override
        public String describe() {
            return file + ":" + line;
        }
    }

    /**
     * One coroutine ({@code c…}) or future ({@code f…}) instance, at each change of its state: a
     * coroutine resuming and suspending (or completing) again; a future's pending stage running and
     * the future completing.
     */
    record Task(String id) implements BreakTarget {
        @Override
        public String describe() {
            return "task " + id;
        }
    }

    /** A CompletableFuture ({@code f…}) completing, normally or exceptionally. */
    record Completion(String futureId) implements BreakTarget {
        @Override
        public String describe() {
            return "complete " + futureId;
        }
    }

    String describe();
}
