package dev.asyncinspect.jdi;

/** A failure talking to the target, as one line a user can act on. */
public final class TargetException extends RuntimeException {
    public TargetException(String message) {
        super(message);
    }
}
