package dev.asyncinspect.repl;

import dev.asyncinspect.analysis.TaskGroups;
import dev.asyncinspect.analysis.TaskGroups.TaskGroup;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.render.SnapshotText;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.render.TaskTable;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "tasks", description = "List tasks: threads, virtual threads, futures, coroutines, reactive pipelines.")
final class TasksCommand implements Callable<Integer> {

    enum SortBy { id, kind, state, name }

    private final Session session;

    @Spec
    CommandSpec spec;

    @Option(names = "--kind", completionCandidates = Kinds.class, description = "Only this kind: ${COMPLETION-CANDIDATES}.")
    String kind;

    @Option(names = "--state", description = "Only tasks whose state contains this text.")
    String state;

    @Option(names = "--name", description = "Only tasks whose name contains this text.")
    String name;

    @Option(names = "--waiting", description = "Only tasks that wait for something.")
    boolean waiting;

    @Option(names = "--sort", description = "Sort by ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", defaultValue = "id")
    SortBy sort;

    @Option(names = "--limit", description = "Show at most this many rows (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int limit;

    @Option(names = "--each", description = "A row for every task: like tasks are otherwise one row from "
            + SnapshotText.GROUPED_FROM + " on.")
    boolean each;

    TasksCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        TaskKind only = kind == null ? null : kindOf(kind);
        List<Task> tasks = session.snapshot().tasks().stream()
                .filter(t -> only == null || t.kind() == only)
                .filter(t -> state == null || contains(t.state().label(), state))
                .filter(t -> name == null || contains(t.name(), name))
                .filter(t -> !waiting || !t.waitingFor().isEmpty())
                .sorted(order())
                .toList();
        List<TaskGroup> rows = TaskGroups.of(tasks, each ? Integer.MAX_VALUE : SnapshotText.GROUPED_FROM);
        new TaskTable().printGroups(rows.subList(0, Math.min(limit, rows.size())), spec.commandLine().getOut());
        if (rows.size() > limit) {
            int more = rows.subList(limit, rows.size()).stream().mapToInt(TaskGroup::size).sum();
            spec.commandLine().getOut().printf("… %d more (use --limit or filters)%n", more);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The kinds the model has, as {@code --kind} takes them. */
    public static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(TaskKind.values()).map(TaskKind::label).iterator();
        }
    }

    private static TaskKind kindOf(String label) {
        try {
            return TaskKind.fromLabel(label);
        } catch (IllegalArgumentException e) {
            throw new ReplException(e.getMessage());
        }
    }

    private Comparator<Task> order() {
        return switch (sort) {
            case id -> (a, b) -> 0;       // the snapshot's own order: threads by id, then futures
            case kind -> Comparator.comparing(Task::kind);
            case state -> Comparator.comparing((Task t) -> t.state().label());
            case name -> Comparator.comparing(Task::name);
        };
    }

    private static boolean contains(String text, String part) {
        return text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
}
