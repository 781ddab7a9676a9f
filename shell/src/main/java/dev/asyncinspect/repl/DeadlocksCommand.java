package dev.asyncinspect.repl;

import dev.asyncinspect.render.DeadlockReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "deadlocks", description = "Show every wait-for cycle across threads, locks, futures and coroutines.")
final class DeadlocksCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    DeadlocksCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        new DeadlockReport().print(session.snapshot(), spec.commandLine().getOut());
        return 0;
    }
}
