package dev.asyncinspect.repl;

import dev.asyncinspect.render.SnapshotText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "refresh", description = "Take a new snapshot of the target.")
final class RefreshCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Option(names = "--jdwp", description = "Through JDWP, when the session has it: slower than the agent, but with the"
            + " primitive locals of thread frames.")
    boolean jdwp;

    RefreshCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        new SnapshotText().summary(jdwp ? session.refreshThroughControl() : session.refresh(), spec.commandLine().getOut());
        return 0;
    }
}
