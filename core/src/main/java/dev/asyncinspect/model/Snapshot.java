package dev.asyncinspect.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything seen in one look at a target. Immutable; the wire format between sources and views.
 *
 * @param gaps what this snapshot could not see, in one line each (a partial snapshot says so); the same
 *             gap met many times is one line with its count
 */
public record Snapshot(VmInfo vm, Instant takenAt, List<Task> tasks, List<Deadlock> deadlocks, List<String> gaps) {

    public Snapshot {
        tasks = List.copyOf(tasks);
        deadlocks = List.copyOf(deadlocks);
        gaps = once(gaps);
    }

    private static List<String> once(List<String> gaps) {
        Map<String, Integer> counted = new LinkedHashMap<>();
        gaps.forEach(gap -> counted.merge(gap, 1, Integer::sum));
        return counted.entrySet().stream()
                .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " (" + e.getValue() + " times)").toList();
    }

    public Optional<Task> task(String id) {
        return tasks.stream().filter(t -> t.id().equalsIgnoreCase(id)).findFirst();
    }
}
