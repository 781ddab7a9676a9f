package dev.asyncinspect.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything seen in one look at a target. Immutable; the wire format between sources and views.
 *
 * @param gaps what this snapshot could not see, in one line each (a partial snapshot says so)
 */
public record Snapshot(VmInfo vm, Instant takenAt, List<Task> tasks, List<Deadlock> deadlocks, List<String> gaps) {

    public Snapshot {
        tasks = List.copyOf(tasks);
        deadlocks = List.copyOf(deadlocks);
        gaps = List.copyOf(gaps);
    }

    public Optional<Task> task(String id) {
        return tasks.stream().filter(t -> t.id().equalsIgnoreCase(id)).findFirst();
    }
}
