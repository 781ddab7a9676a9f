package dev.asyncinspect.render;

import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import java.io.PrintWriter;
import java.util.List;

/** The structured-concurrency tree: each task under the one that started it. */
public final class Hierarchy {

    public static List<Task> childrenOf(Snapshot snapshot, String id) {
        return snapshot.tasks().stream().filter(t -> id.equals(t.parent())).toList();
    }

    /** Prints the tree under {@code root}, or every tree of the snapshot when root is null (a coroutine whose parent is a plain Job is a root). */
    public void print(Snapshot snapshot, Task root, PrintWriter out) {
        List<Task> roots = root != null ? List.of(root)
                : snapshot.tasks().stream().filter(t -> t.parent() == null
                        && (t.kind() == TaskKind.COROUTINE || !childrenOf(snapshot, t.id()).isEmpty())).toList();
        for (Task task : roots) {
            print(snapshot, task, "", "", out);
        }
        out.flush();
    }

    private void print(Snapshot snapshot, Task task, String lead, String childLead, PrintWriter out) {
        String waits = task.waitingFor().isEmpty() ? "" : "  — " + task.waitingFor().get(0).description();
        out.printf("%s%s %s \"%s\" %s  %s%s%n", lead, task.id(), builder(task), task.name(), task.state(),
                Where.of(task), waits);
        List<Task> children = childrenOf(snapshot, task.id());
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            print(snapshot, children.get(i), childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "), out);
        }
    }

    private static String builder(Task task) {
        return task.facts().stream().filter(f -> f.label().equals("builder")).map(f -> f.value()).findFirst()
                .orElse(task.kind().label());
    }
}
