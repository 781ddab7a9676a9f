package dev.asyncinspect.repl;

/** A REPL command that cannot do what was asked; its message is shown as one line. */
public final class ReplException extends RuntimeException {
    public ReplException(String message) {
        super(message);
    }
}
