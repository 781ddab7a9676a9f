package dev.asyncinspect.recognize.kotlin;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.WaitEdge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kotlin Mutex locked through {@code withLock} without an owner token records no holder. The
 * holder is the coroutine suspended inside that lock's block: its state machine keeps the mutex
 * in the inlined {@code withLock} receiver's spilled variable. The edges say the holder is inferred.
 */
final class MutexHolders {

    private static final String MUTEX = "kotlinx.coroutines.sync.MutexImpl";

    private MutexHolders() {}

    static List<Task> infer(List<Task> coroutines) {
        Map<String, Task> holders = new HashMap<>();
        for (Task task : coroutines) {
            for (Frame frame : task.frames()) {
                for (Variable variable : frame.variables()) {
                    if (variable.name().contains("withLock") && variable.value() instanceof Value.Reference ref
                            && ref.type().equals(MUTEX) && !awaits(task, "mutex" + ref.id())) {
                        holders.putIfAbsent("mutex" + ref.id(), task);
                    }
                }
            }
        }
        if (holders.isEmpty()) {
            return coroutines;
        }
        List<Task> result = new ArrayList<>();
        for (Task task : coroutines) {
            List<WaitEdge> waits = task.waitingFor().stream().map(edge -> withHolder(edge, holders, task)).toList();
            List<Resource> holds = new ArrayList<>(task.holds());
            holders.forEach((mutex, holder) -> {
                if (holder == task) {
                    holds.add(new Resource("mutex", mutex, MUTEX));
                }
            });
            result.add(new Task(task.id(), task.kind(), task.name(), task.state(), task.parent(), task.frames(), waits,
                    holds, task.waitedBy(), task.facts()));
        }
        return result;
    }

    /** A coroutine suspended in the lock() of a nested withLock keeps that mutex live too: it waits for it. */
    private static boolean awaits(Task task, String resource) {
        return task.waitingFor().stream().anyMatch(e -> e.resource() != null && e.resource().id().equals(resource));
    }

    private static WaitEdge withHolder(WaitEdge edge, Map<String, Task> holders, Task waiter) {
        if (edge.kind() != WaitEdge.Kind.MUTEX || edge.resource() == null || edge.target() != null) {
            return edge;
        }
        Task holder = holders.get(edge.resource().id());
        if (holder == null || holder == waiter) {
            return edge;
        }
        return new WaitEdge(edge.kind(), holder.id(), edge.resource(), edge.description() + " held by " + holder.id()
                + " \"" + holder.name() + "\" (inferred: suspended inside its withLock)");
    }
}
