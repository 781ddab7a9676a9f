package dev.asyncinspect.repl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "step", description = "Move the stopped task to its next state transition (a coroutine) or line (a thread).")
final class StepCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Mixin
    Resumption resumption;

    StepCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return resumption.run(session, spec.commandLine().getOut(), session.control()::step);
    }
}
