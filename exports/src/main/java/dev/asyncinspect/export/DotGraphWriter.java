package dev.asyncinspect.export;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.WaitEdge;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** The wait-for graph in Graphviz's DOT language: tasks that wait or are waited for; cycle edges in red. */
public final class DotGraphWriter {

    public void write(Snapshot snapshot, PrintWriter out) {
        Set<String> inCycle = new HashSet<>();
        for (Deadlock deadlock : snapshot.deadlocks()) {
            for (int i = 0; i < deadlock.taskIds().size(); i++) {
                inCycle.add(deadlock.taskIds().get(i) + "->" + deadlock.taskIds().get((i + 1) % deadlock.taskIds().size()));
            }
        }
        Set<String> shown = new LinkedHashSet<>();
        for (Task task : snapshot.tasks()) {
            for (WaitEdge edge : task.waitingFor()) {
                if (edge.target() != null && snapshot.task(edge.target()).isPresent()) {
                    shown.add(task.id());
                    shown.add(edge.target());
                }
            }
        }
        out.println("digraph waits {");
        out.println("  rankdir=LR; node [shape=box, fontname=\"monospace\"];");
        for (String id : shown) {
            Task task = snapshot.task(id).orElseThrow();
            out.printf("  %s [label=%s];%n", quote(id), quote(id + " " + task.kind().label() + "\n" + task.name() + "\n" + task.state().label()));
        }
        for (Task task : snapshot.tasks()) {
            for (WaitEdge edge : task.waitingFor()) {
                if (edge.target() != null && shown.contains(edge.target())) {
                    boolean cycle = inCycle.contains(task.id() + "->" + edge.target());
                    out.printf("  %s -> %s [label=%s%s];%n", quote(task.id()), quote(edge.target()), quote(edge.kind().label()),
                            cycle ? ", color=red, penwidth=2" : "");
                }
            }
        }
        out.println("}");
        out.flush();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
