package dev.asyncinspect.render;

import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The structured-concurrency tree: each task under the one that started it. */
public final class Hierarchy {

    public static List<Task> childrenOf(Snapshot snapshot, String id) {
        return snapshot.tasks().stream().filter(t -> id.equals(t.parent())).toList();
    }

    /** Prints the tree under {@code root}, or every tree of the snapshot when root is null (a coroutine whose parent is a plain Job is a root). */
    public void print(Snapshot snapshot, Task root, PrintWriter out) {
        Map<String, List<Task>> children = snapshot.tasks().stream().filter(t -> t.parent() != null)
                .collect(Collectors.groupingBy(Task::parent));
        List<Task> roots = root != null ? List.of(root)
                : snapshot.tasks().stream().filter(t -> t.parent() == null
                        && (t.kind() == TaskKind.COROUTINE || children.containsKey(t.id()))).toList();
        for (Task task : roots) {
            print(children, task, "", "", out);
        }
        out.flush();
    }

    private void print(Map<String, List<Task>> childrenOf, Task task, String lead, String childLead, PrintWriter out) {
        String waits = task.waitingFor().isEmpty() ? "" : "  — " + task.waitingFor().get(0).description();
        out.printf("%s%s %s \"%s\" %s  %s%s%n", lead, task.id(), builder(task), task.name(), task.state().label(),
                Where.of(task), waits);
        List<Task> children = childrenOf.getOrDefault(task.id(), List.of());
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            print(childrenOf, children.get(i), childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "), out);
        }
    }

    private static String builder(Task task) {
        return task.facts().stream().filter(f -> f.is(Fact.Kind.BUILDER)).map(f -> f.value()).findFirst()
                .orElse(task.kind().label());
    }
}
