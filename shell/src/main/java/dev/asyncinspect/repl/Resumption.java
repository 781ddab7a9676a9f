package dev.asyncinspect.repl;

import dev.asyncinspect.control.Stop;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.render.Hierarchy;
import dev.asyncinspect.render.TaskDetail;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** What continue, step and finish share: how long to wait, and how a stop is shown. */
final class Resumption {

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}; Ctrl-C returns at once).")
    long timeoutSeconds;

    int run(Session session, PrintWriter out, Function<Duration, Optional<Stop>> move) {
        Optional<Stop> stop = move.apply(Duration.ofSeconds(timeoutSeconds));
        if (stop.isEmpty()) {
            out.printf("no stop within %d s; the target runs on%n", timeoutSeconds);
            out.flush();
            return 0;
        }
        session.stoppedAt(stop.get());
        Task task = stop.get().snapshot().task(stop.get().taskId()).orElseThrow();
        out.printf("Stopped at %s: %s \"%s\"%n", stop.get().reason(), task.id(), task.name());
        if (stop.get().event() != null) {
            out.printf("  %s%n", stop.get().event());
        }
        new TaskDetail(12).print(task, Hierarchy.childrenOf(stop.get().snapshot(), task.id()), out);
        return 0;
    }
}
