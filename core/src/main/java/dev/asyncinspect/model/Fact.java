package dev.asyncinspect.model;

/** A fact about a task that has no field of its own, e.g. {@code carrier = ForkJoinPool-1-worker-2}. */
public record Fact(Kind kind, String value) {

    /** What a fact says, by the label the views and the JSON snapshot show it under. */
    public enum Kind implements Labelled {
        CARRIER("carrier"),
        DAEMON("daemon"),
        BUILDER("builder"),
        DISPATCHER("dispatcher"),
        RUNNING_ON("running on"),
        POSSIBLY_RUNNING_ON("possibly running on"),
        CHAIN("chain"),
        PENDING_STAGES("pending stages"),
        SUBSCRIBER("subscriber"),
        CREATED_AT("created at"),
        DEBUG_PROBES("debug probes");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        public static Kind fromLabel(String label) {
            return Labelled.parse(Kind.class, label, "fact");
        }
    }

    public String label() {
        return kind.label();
    }

    public boolean is(Kind kind) {
        return this.kind == kind;
    }
}
