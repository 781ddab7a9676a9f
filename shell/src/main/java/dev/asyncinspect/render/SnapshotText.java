package dev.asyncinspect.render;

import dev.asyncinspect.analysis.TaskGroups;
import dev.asyncinspect.analysis.TaskGroups.TaskGroup;
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
 * then in full every task that waits, holds something or runs the user's own code; many like tasks are one
 * row and one block, their ids listed.
 */
public final class SnapshotText {

    /** Like tasks are one block from this many on: a few are still each shown in full. */
    public static final int GROUPED_FROM = 10;

    private final TaskTable table = new TaskTable();
    private final TaskDetail detail = new TaskDetail(40);

    public void summary(Snapshot snapshot, PrintWriter out) {
        Map<TaskKind, Integer> counts = new TreeMap<>();
        snapshot.tasks().forEach(t -> counts.merge(t.kind(), 1, Integer::sum));
        StringBuilder line = new StringBuilder();
        Arrays.stream(TaskKind.values()).forEach(k -> line.append(line.isEmpty() ? "" : ", ")
                .append(counts.getOrDefault(k, 0)).append(' ').append(KindNames.of(2, k)));
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
        List<TaskGroup> groups = TaskGroups.of(idle.get(false), GROUPED_FROM);
        table.printGroups(groups, out);
        if (!idle.get(true).isEmpty()) {
            out.printf("… and %d idle threads of the runtime: %s%n", idle.get(true).size(),
                    idle.get(true).stream().map(t -> t.id() + " \"" + t.name() + "\"").collect(Collectors.joining(", ")));
        }
        // Children looked up once for all tasks: per task it would be quadratic (200,000 futures took minutes).
        Map<String, List<Task>> children = snapshot.tasks().stream().filter(t -> t.parent() != null)
                .collect(Collectors.groupingBy(Task::parent));
        for (TaskGroup group : groups) {
            Task task = group.first();
            if (!task.waitingFor().isEmpty() || !task.holds().isEmpty() || task.runsOwnCode()) {
                out.println();
                if (group.size() > 1) {
                    out.printf("%,d %s like this (one shown; each with its own values: `task ID` or --format json):%n",
                            group.size(), KindNames.of(group.size(), task.kind()));
                    ids(group, out);
                }
                detail.print(task, children.getOrDefault(task.id(), List.of()), out);
            }
        }
        out.flush();
    }

    private static void ids(TaskGroup group, PrintWriter out) {
        StringBuilder line = new StringBuilder("  ");
        for (Task member : group.members()) {
            if (line.length() + member.id().length() > 110) {
                out.println(line);
                line.setLength(2);
            }
            line.append(' ').append(member.id());
        }
        out.println(line);
    }
}
