package dev.asyncinspect.repl;

import dev.asyncinspect.render.Hierarchy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tree", description = "Show the coroutine Job hierarchy (runBlocking, launch, async, scopes, withContext).")
final class TreeCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "Only the tree under this task.")
    String id;

    TreeCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        new Hierarchy().print(session.snapshot(), id == null ? null : session.task(id), spec.commandLine().getOut());
        return 0;
    }
}
