package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.WaitEdge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who waits for whom: every wait edge of a snapshot whose end is known, task to task. A wait on a
 * resource points at the task that holds it (or will complete it), so cycles through locks,
 * futures and coroutines are cycles of this graph. Tasks are numbered in snapshot order.
 */
public final class WaitGraph {

    /** One step of a wait: {@code from} waits, through {@code edge}, for the task numbered {@code to}. */
    public record Step(Task from, WaitEdge edge, int to) {}

    private final List<Task> tasks;
    private final List<List<Step>> steps = new ArrayList<>();

    public WaitGraph(List<Task> tasks) {
        this.tasks = List.copyOf(tasks);
        Map<String, Integer> numbers = new HashMap<>();
        for (int i = 0; i < this.tasks.size(); i++) {
            numbers.put(this.tasks.get(i).id(), i);
        }
        for (Task task : this.tasks) {
            List<Step> from = List.of();
            for (WaitEdge edge : task.waitingFor()) {
                Integer to = edge.target() == null ? null : numbers.get(edge.target());
                if (to != null) {
                    from = from.isEmpty() ? new ArrayList<>(1) : from;
                    from.add(new Step(task, edge, to));
                }
            }
            steps.add(from);
        }
    }

    public int size() {
        return tasks.size();
    }

    public Task task(int number) {
        return tasks.get(number);
    }

    public List<Step> stepsFrom(int number) {
        return steps.get(number);
    }
}
