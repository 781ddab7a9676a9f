package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.WaitEdge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks alike enough to read as one: the same kind, state, stack (functions, lines and async notes, not the values)
 * and sorts of wait and hold. A hundred thousand coroutines parked at one line are one group, however their
 * variables differ; what a group's members wait for may be a different task each.
 */
public final class TaskGroups {

    /** @param members in the snapshot's order; the first stands for them all */
    public record TaskGroup(List<Task> members) {

        public TaskGroup {
            members = List.copyOf(members);
        }

        public Task first() {
            return members.get(0);
        }

        public int size() {
            return members.size();
        }
    }

    private record Shape(TaskKind kind, TaskState state, List<FrameShape> frames, List<WaitShape> waits,
                         List<String> holds, boolean waitedFor) {}

    private record FrameShape(String function, String file, int line, String note) {}

    private record WaitShape(WaitEdge.Kind kind, boolean onTask, String resourceKind, String resourceType) {}

    private TaskGroups() {}

    /**
     * The tasks in groups, in the order each group's first member comes; groups smaller than {@code atLeast}
     * are split into groups of one, so that a handful of like tasks is still shown each on its own.
     */
    public static List<TaskGroup> of(List<Task> tasks, int atLeast) {
        Map<Shape, List<Task>> byShape = new HashMap<>();
        List<List<Task>> alikeOf = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            List<Task> alike = byShape.computeIfAbsent(shape(task), s -> new ArrayList<>());
            alike.add(task);
            alikeOf.add(alike);
        }
        List<TaskGroup> ordered = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            List<Task> alike = alikeOf.get(i);
            if (alike.size() < atLeast) {
                ordered.add(new TaskGroup(List.of(task)));
            } else if (alike.get(0) == task) {       // a group sits where its first member was
                ordered.add(new TaskGroup(alike));
            }
        }
        return ordered;
    }

    private static Shape shape(Task task) {
        List<FrameShape> frames = new ArrayList<>(task.frames().size());
        for (Frame frame : task.frames()) {
            frames.add(new FrameShape(frame.function(), frame.file(), frame.line(), frame.note()));
        }
        List<WaitShape> waits = new ArrayList<>(task.waitingFor().size());
        for (WaitEdge edge : task.waitingFor()) {
            Resource resource = edge.resource();
            waits.add(new WaitShape(edge.kind(), edge.target() != null, resource == null ? null : resource.kind(),
                    resource == null ? null : resource.type()));
        }
        List<String> holds = task.holds().stream().map(r -> r.kind() + " " + r.type()).toList();
        return new Shape(task.kind(), task.state(), frames, waits, holds, !task.waitedBy().isEmpty());
    }
}
