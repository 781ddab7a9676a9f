package dev.asyncinspect.repl;

import dev.asyncinspect.render.WhyText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "why", description = "Explain why a task does not progress, down to the root cause.")
final class WhyCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The task.")
    String id;

    WhyCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        new WhyText().print(session.snapshot(), session.task(id), spec.commandLine().getOut());
        return 0;
    }
}
