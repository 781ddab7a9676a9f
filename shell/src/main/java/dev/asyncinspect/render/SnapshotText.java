package dev.asyncinspect.render;

import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The text dump: a summary line, the task list with the runtime's idle threads folded into one line,
 * then in full every task that waits, holds something or runs the user's own code.
 */
public final class SnapshotText {

    private final TaskTable table = new TaskTable();
    private final TaskDetail detail = new TaskDetail(40);

    public void summary(Snapshot snapshot, PrintWriter out) {
        Map<TaskKind, Integer> counts = new TreeMap<>();
        snapshot.tasks().forEach(t -> counts.merge(t.kind(), 1, Integer::sum));
        StringBuilder line = new StringBuilder();
        Arrays.stream(TaskKind.values()).forEach(k -> line.append(line.isEmpty() ? "" : ", ")
                .append(counts.getOrDefault(k, 0)).append(' ').append(k == TaskKind.REACTIVE ? "reactive pipelines" : k.label() + "s"));
        // A heap dump does not record its JVM's pid: it says where it comes from instead.
        String origin = snapshot.vm().pid() > 0 ? "pid " + snapshot.vm().pid() : snapshot.vm().source();
        out.printf("%s  %s  Java %s  (%s)  at %s%n", origin, snapshot.vm().mainClass(),
                snapshot.vm().javaVersion(), snapshot.vm().vmName(), snapshot.takenAt());
        out.printf("%s%n", line);
        for (String gap : snapshot.gaps()) {
            out.printf("missed: %s%n", gap);
        }
        out.flush();
    }

    public void print(Snapshot snapshot, PrintWriter out) {
        summary(snapshot, out);
        out.println();
        if (!snapshot.deadlocks().isEmpty()) {
            new DeadlockReport().print(snapshot, out);
        }
        Map<Boolean, List<Task>> idle = snapshot.tasks().stream().collect(Collectors.partitioningBy(Task::idleRuntimeThread));
        table.print(idle.get(false), out);
        if (!idle.get(true).isEmpty()) {
            out.printf("… and %d idle threads of the runtime: %s%n", idle.get(true).size(),
                    idle.get(true).stream().map(t -> t.id() + " \"" + t.name() + "\"").collect(Collectors.joining(", ")));
        }
        // Children looked up once for all tasks: per task it would be quadratic (200,000 futures took minutes).
        Map<String, List<Task>> children = snapshot.tasks().stream().filter(t -> t.parent() != null)
                .collect(Collectors.groupingBy(Task::parent));
        for (Task task : idle.get(false)) {
            if (!task.waitingFor().isEmpty() || !task.holds().isEmpty() || task.runsOwnCode()) {
                out.println();
                detail.print(task, children.getOrDefault(task.id(), List.of()), out);
            }
        }
        out.flush();
    }
}
