package dev.asyncinspect.model;

/**
 * How long a task has been in its current state.
 *
 * @param exact false when it is a lower bound: the task was already in that state when the recording
 *              began (or when the recorder first looked)
 */
public record TimeInState(long nanos, boolean exact) {

    public double millis() {
        return nanos / 1e6;
    }
}
