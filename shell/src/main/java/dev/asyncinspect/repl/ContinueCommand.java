package dev.asyncinspect.repl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "continue", description = "Resume the stopped target (or wait, if it runs) until the next breakpoint hit.")
final class ContinueCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Mixin
    Resumption resumption;

    ContinueCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return resumption.run(session, spec.commandLine().getOut(), session.control()::resumeUntilStop);
    }
}
