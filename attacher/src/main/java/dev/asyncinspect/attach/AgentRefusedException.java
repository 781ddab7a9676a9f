package dev.asyncinspect.attach;

/** The target would not load the agent; a JVM with JDWP can still be inspected through it. */
public final class AgentRefusedException extends AttachException {
    public AgentRefusedException(String message) {
        super(message);
    }
}
