package dev.asyncinspect.render;

import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.WaitEdge;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a task waits for, transitively, as a tree; the tasks at the bottom (waiting for nothing
 * another task does) are where to look, and are marked. A task met twice on one path closes a cycle.
 */
public final class WaitTree {

    public void print(Snapshot snapshot, List<Task> roots, PrintWriter out) {
        for (Task root : roots) {
            print(snapshot, root, null, "", "", new HashSet<>(), out);
        }
        out.flush();
    }

    private void print(Snapshot snapshot, Task task, WaitEdge via, String lead, String childLead, Set<String> path,
                       PrintWriter out) {
        String how = via == null ? "" : via.kind().label() + ": ";
        if (!path.add(task.id())) {
            out.printf("%s%s%s \"%s\"  ◄── CYCLE (back to a task above)%n", lead, how, task.id(), task.name());
            return;
        }
        List<WaitEdge> edges = task.waitingFor().stream()
                .filter(e -> e.target() != null && snapshot.task(e.target()).isPresent()).toList();
        String leaf = edges.isEmpty() ? "  ◄── BLOCKING LEAF" + (task.waitingFor().isEmpty() ? ""
                : ": " + task.waitingFor().get(0).description()) : "";
        out.printf("%s%s%s %s \"%s\" %s  %s%s%n", lead, how, task.id(), task.kind().label(), task.name(), task.state().label(),
                Where.of(task), leaf);
        for (int i = 0; i < edges.size(); i++) {
            boolean last = i == edges.size() - 1;
            Task next = snapshot.task(edges.get(i).target()).orElseThrow();
            print(snapshot, next, edges.get(i), childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "),
                    path, out);
        }
        path.remove(task.id());
    }
}
