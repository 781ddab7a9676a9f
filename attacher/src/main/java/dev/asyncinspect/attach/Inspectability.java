package dev.asyncinspect.attach;

/** How far a JVM can be inspected and controlled, as judged from its agent properties. */
public enum Inspectability {
    JDWP_LISTENING("jdwp listening"),
    JDWP_DORMANT("jdwp dormant"),
    NONE("none"),
    UNKNOWN("unknown");

    private final String label;

    Inspectability(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
