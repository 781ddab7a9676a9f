package dev.asyncinspect.model;

import java.util.List;

/** A cycle in the wait-for graph: ordered task ids, the resources between them, one explanation. */
public record Deadlock(List<String> taskIds, List<String> resources, String description) {

    public Deadlock {
        taskIds = List.copyOf(taskIds);
        resources = List.copyOf(resources);
    }
}
