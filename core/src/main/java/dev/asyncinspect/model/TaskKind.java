package dev.asyncinspect.model;

/** What kind of work a task is, named as the JSON snapshot names it. */
public enum TaskKind {
    THREAD("thread"),
    VIRTUAL_THREAD("virtual-thread"),
    FUTURE("future"),
    COROUTINE("coroutine");

    private final String label;

    TaskKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static TaskKind fromLabel(String label) {
        for (TaskKind kind : values()) {
            if (kind.label.equalsIgnoreCase(label) || kind.name().equalsIgnoreCase(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown task kind '" + label + "' (thread, virtual-thread, future, coroutine)");
    }
}
