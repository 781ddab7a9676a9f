package dev.asyncinspect.render;

import dev.asyncinspect.analysis.TaskGroups.TaskGroup;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.text.Durations;
import java.io.PrintWriter;
import java.util.List;

/** The task list: one line per task, or per group of like tasks with a line saying how many more it stands for. */
public final class TaskTable {

    private static final String COLUMNS = " %-14s %-22s %-10s %-36s %-44s %s%n";

    public void print(List<Task> tasks, PrintWriter out) {
        printGroups(tasks.stream().map(t -> new TaskGroup(List.of(t))).toList(), out);
    }

    public void printGroups(List<TaskGroup> groups, PrintWriter out) {
        // ids through the agent are identity hash codes, longer than JDWP's
        int idWidth = Math.max(9, groups.stream().mapToInt(g -> g.first().id().length()).max().orElse(0));
        String row = "%-" + idWidth + "s" + COLUMNS;
        out.printf(row, "ID", "KIND", "STATE", "FOR", "NAME", "WHERE", "WAITING FOR");
        for (TaskGroup group : groups) {
            Task task = group.first();
            out.printf(row, task.id(), task.kind().label(), cut(task.state().label(), 22),
                    task.inState() == null ? "" : Durations.text(task.inState()), cut(task.name(), 36),
                    cut(Where.of(task), 44), waits(task));
            if (group.size() > 1) {
                out.printf("%-" + idWidth + "s  … and %,d more %s like this%n", "", group.size() - 1,
                        KindNames.of(group.size() - 1, task.kind()));
            }
        }
        out.flush();
    }

    private static String waits(Task task) {
        return task.waitingFor().stream().map(TaskTable::shortWait).reduce((a, b) -> a + "; " + b).orElse("");
    }

    private static String shortWait(WaitEdge edge) {
        return edge.target() != null ? edge.kind().label() + " → " + edge.target() : edge.kind().label();
    }

    static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
