package dev.asyncinspect.control;

/** A breakpoint as listed by {@code breaks}. */
public record Breakpoint(int number, BreakTarget target, Condition condition, Suspend suspend, int hits, int locations) {

    public String describe() {
        return target.describe() + (condition == null ? "" : " if " + condition.text());
    }
}
