package dev.asyncinspect.repl;

import dev.asyncinspect.analysis.SuspensionStats;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "stats", description = {"Per suspension point, how often and how long (p50/p95/p99) coroutines",
        "stayed suspended there; per place threads parked, blocked on a monitor, waited or slept,",
        "how long they waited. The slowest first."})
final class StatsCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    StatsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        var rows = new SuspensionStats().of(session.recording().events());
        var out = spec.commandLine().getOut();
        if (rows.isEmpty()) {
            out.println("no suspensions or blocking recorded (record start, let it run, record stop)");
        } else {
            out.printf("%-44s %-8s %-22s %7s %10s %10s %10s%n", "FUNCTION", "WAITS", "WHERE", "COUNT", "P50 ms", "P95 ms", "P99 ms");
        }
        for (SuspensionStats.Row row : rows) {
            // A thread's wait in the runtime's code alone has no user frame to name.
            String function = row.function() == null ? "(the runtime's code)"
                    : row.function().substring(row.function().lastIndexOf('.', row.function().lastIndexOf('.') - 1) + 1);
            String waits = row.kind().threadWait() ? row.kind().label() : "state " + row.state();
            out.printf("%-44s %-8s %-22s %7d %10.2f %10.2f %10.2f%n", function, waits,
                    row.location() == null ? "" : row.location(), row.count(), row.p50Nanos() / 1e6, row.p95Nanos() / 1e6,
                    row.p99Nanos() / 1e6);
        }
        out.flush();
        return 0;
    }
}
