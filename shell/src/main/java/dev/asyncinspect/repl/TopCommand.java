package dev.asyncinspect.repl;

import dev.asyncinspect.render.SnapshotText;
import dev.asyncinspect.render.TaskTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "top", description = "Refresh the task list every few seconds (in place on a terminal); Ctrl-C stops it.")
final class TopCommand implements Callable<Integer> {

    private static final String CLEAR = "\u001b[H\u001b[2J";

    private final Session session;

    @Spec
    CommandSpec spec;

    @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS", description = "Seconds between refreshes (default: ${DEFAULT-VALUE}).")
    long interval;

    @Option(names = "--count", defaultValue = "0", description = "Stop after this many refreshes (default: until Ctrl-C; 1 when not on a terminal).")
    int count;

    @Option(names = "--limit", defaultValue = "40", description = "Show at most this many tasks, waiting ones first (default: ${DEFAULT-VALUE}).")
    int limit;

    TopCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws InterruptedException {
        var out = spec.commandLine().getOut();
        boolean terminal = session.interactive();
        int refreshes = count > 0 ? count : terminal ? Integer.MAX_VALUE : 1;
        for (int i = 0; i < refreshes && !Thread.currentThread().isInterrupted(); i++) {
            if (i > 0) {
                Thread.sleep(interval * 1000);
            }
            var snapshot = session.refresh();
            if (terminal) {
                out.print(CLEAR);
            }
            new SnapshotText().summary(snapshot, out);
            var tasks = snapshot.tasks().stream()
                    .sorted(java.util.Comparator.comparing((dev.asyncinspect.model.Task t) -> t.waitingFor().isEmpty())).toList();
            new TaskTable().print(tasks.subList(0, Math.min(limit, tasks.size())), out);
            out.flush();
        }
        return 0;
    }
}
