package dev.asyncinspect.model;

/** What kind of work a task is, named as the JSON snapshot names it. */
public enum TaskKind implements Labelled {
    THREAD("thread"),
    VIRTUAL_THREAD("virtual-thread"),
    FUTURE("future"),
    COROUTINE("coroutine"),
    REACTIVE("reactive");

    private final String label;

    TaskKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static TaskKind fromLabel(String label) {
        return Labelled.parse(TaskKind.class, label, "task kind");
    }
}
