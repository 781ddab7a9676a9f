package dev.asyncinspect.recognize.threads;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.model.TaskState;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Thread states in the user's words, from the fields the JDK itself reads them from. */
final class ThreadStates {

    // JVMTI thread state bits, which Thread.getState() decodes from threadStatus the same way.
    private static final int ALIVE = 0x1, TERMINATED = 0x2, RUNNABLE = 0x4, WAITING_INDEFINITELY = 0x10,
            WAITING_WITH_TIMEOUT = 0x20, SLEEPING = 0x40, IN_OBJECT_WAIT = 0x100, PARKED = 0x200,
            BLOCKED_ON_MONITOR_ENTER = 0x400;

    private final Map<Integer, TaskState> virtualStates = new HashMap<>();

    /** Virtual thread state numbers differ between JDK builds: read them from VirtualThread's constants. */
    ThreadStates(HeapView heap) {
        for (HeapClass type : heap.classesNamed("java.lang.VirtualThread")) {
            heap.statics(type).forEach((name, value) -> {
                if (name.equals(name.toUpperCase(Locale.ROOT)) && value instanceof HeapValue.Primitive p
                        && p.value() instanceof Integer number && !name.contains("SUSPENDED")) {
                    virtualStates.putIfAbsent(number, new TaskState(virtualPhase(name),
                            name.toLowerCase(Locale.ROOT).replace('_', ' ')));
                }
            });
        }
    }

    /**
     * {@code NEW} and {@code TERMINATED} by name; a thread {@code BLOCKED}, {@code WAITING}, {@code PARKED},
     * {@code PINNED}, {@code YIELDED}… (and the {@code TIMED_} and {@code -ING} forms) waits; the rest runs
     * or is ready to ({@code STARTED}, {@code RUNNING}, {@code UNPARKED}, {@code UNBLOCKED}).
     */
    private static TaskState.Phase virtualPhase(String name) {
        if (name.equals("NEW")) return TaskState.Phase.NEW;
        if (name.equals("TERMINATED")) return TaskState.Phase.DONE;
        if (name.startsWith("UN") || name.equals("STARTED") || name.equals("RUNNING")) return TaskState.Phase.RUNNING;
        return TaskState.Phase.WAITING;
    }

    static TaskState platform(int status) {
        if ((status & RUNNABLE) != 0) return new TaskState(TaskState.Phase.RUNNING, "RUNNABLE");
        if ((status & BLOCKED_ON_MONITOR_ENTER) != 0) return new TaskState(TaskState.Phase.WAITING, "BLOCKED");
        String how = (status & SLEEPING) != 0 ? " (sleeping)"
                : (status & IN_OBJECT_WAIT) != 0 ? " (on object monitor)"
                : (status & PARKED) != 0 ? " (parked)" : "";
        if ((status & WAITING_INDEFINITELY) != 0) return new TaskState(TaskState.Phase.WAITING, "WAITING" + how);
        if ((status & WAITING_WITH_TIMEOUT) != 0) return new TaskState(TaskState.Phase.WAITING, "TIMED_WAITING" + how);
        if ((status & TERMINATED) != 0) return new TaskState(TaskState.Phase.DONE, "TERMINATED");
        if ((status & ALIVE) == 0) return new TaskState(TaskState.Phase.NEW, "NEW");
        return new TaskState(TaskState.Phase.RUNNING, "RUNNABLE");
    }

    static boolean sleeping(int status) {
        return (status & SLEEPING) != 0;
    }

    static boolean inObjectWait(int status) {
        return (status & IN_OBJECT_WAIT) != 0;
    }

    /** A state number this JDK's VirtualThread names no constant for is shown as its number, its phase unknown: waiting. */
    TaskState virtual(int state) {
        return virtualStates.getOrDefault(state, new TaskState(TaskState.Phase.WAITING, "state " + state));
    }
}
