package dev.asyncinspect.repl;

import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.render.TaskTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "threads", description = "List platform threads, and virtual threads grouped by state.")
final class ThreadsCommand implements Callable<Integer> {

    private static final int VIRTUAL_SHOWN = 20;

    private final Session session;

    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "List every virtual thread too.")
    boolean all;

    ThreadsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Task> platform = session.snapshot().tasks().stream().filter(t -> t.kind() == TaskKind.THREAD).toList();
        List<Task> virtual = session.snapshot().tasks().stream().filter(t -> t.kind() == TaskKind.VIRTUAL_THREAD).toList();
        TaskTable table = new TaskTable();
        table.print(platform, out);
        if (!virtual.isEmpty()) {
            Map<String, Long> byState = virtual.stream()
                    .collect(Collectors.groupingBy(t -> t.state().label(), TreeMap::new, Collectors.counting()));
            out.printf("%nvirtual threads: %d (%s)%n", virtual.size(), byState.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
            List<Task> shown = all ? virtual : virtual.subList(0, Math.min(VIRTUAL_SHOWN, virtual.size()));
            table.print(shown, out);
            if (shown.size() < virtual.size()) {
                out.printf("… %d more (threads --all, or tasks --kind virtual-thread --state STATE)%n",
                        virtual.size() - shown.size());
            }
        }
        out.flush();
        return 0;
    }
}
