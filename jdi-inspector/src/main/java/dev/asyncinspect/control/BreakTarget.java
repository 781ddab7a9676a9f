package dev.asyncinspect.control;

/** Where a breakpoint stops, in the user's terms. */
public sealed interface BreakTarget {

    /**
     * A method or suspend function by simple ({@code refill}) or qualified ({@code PumpKt.refill}) name;
     * for a suspend function every entry into its state machine (start and each resume) is a stop.
     *
     * @param state only resumptions from this suspension point (1-based), or null for all
     */
    record Function(String name, Integer state) implements BreakTarget {}

    record SourceLine(String file, int line) implements BreakTarget {}

    default String describe() {
        return switch (this) {
            case Function f -> f.name() + (f.state() == null ? "" : " state " + f.state());
            case SourceLine s -> s.file() + ":" + s.line();
        };
    }
}
