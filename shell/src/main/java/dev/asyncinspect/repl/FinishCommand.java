package dev.asyncinspect.repl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "finish", description = "Run until the stopped state machine completes (its caller resumes).")
final class FinishCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Mixin
    Resumption resumption;

    FinishCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return resumption.run(session, spec.commandLine().getOut(), session.control()::finish);
    }
}
