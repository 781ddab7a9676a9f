package dev.asyncinspect.attach;

/** A failure to find or reach a JVM; its message is one line the user can act on. */
public class AttachException extends RuntimeException {
    public AttachException(String message) {
        super(message);
    }
}
