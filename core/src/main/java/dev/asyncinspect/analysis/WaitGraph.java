package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.WaitEdge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who waits for whom: every wait edge of a snapshot whose end is known, task to task. A wait on a
 * resource points at the task that holds it (or will complete it), so cycles through locks,
 * futures and coroutines are cycles of this graph.
 */
public final class WaitGraph {

    /** One step of a wait: {@code from} waits, through {@code edge}, for {@code edge.target()}. */
    public record Step(Task from, WaitEdge edge) {}

    private final Map<String, Task> tasks = new LinkedHashMap<>();

    public WaitGraph(List<Task> tasks) {
        tasks.forEach(t -> this.tasks.put(t.id(), t));
    }

    public Optional<Task> task(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    public List<Step> stepsFrom(String id) {
        Task task = tasks.get(id);
        if (task == null) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (WaitEdge edge : task.waitingFor()) {
            if (edge.target() != null && tasks.containsKey(edge.target())) {
                steps.add(new Step(task, edge));
            }
        }
        return steps;
    }

    public Iterable<Task> tasks() {
        return tasks.values();
    }
}
