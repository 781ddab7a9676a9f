package dev.asyncinspect.hprof;

/** A heap dump that cannot be read: missing, not HPROF, truncated or damaged. The message is one line for the user. */
public final class HeapDumpException extends RuntimeException {

    public HeapDumpException(String message) {
        super(message);
    }

    public HeapDumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
