package dev.asyncinspect.repl;

import dev.asyncinspect.model.Task;
import dev.asyncinspect.render.WaitTree;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "graph", description = "Show what a task waits for, transitively; without an id, for every waiting task nobody waits for.")
final class GraphCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The task to start from.")
    String id;

    GraphCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<Task> roots = id != null ? List.of(session.task(id)) : session.snapshot().tasks().stream()
                .filter(t -> t.waitedBy().isEmpty() && t.waitingFor().stream().anyMatch(e -> e.target() != null))
                .toList();
        new WaitTree().print(session.snapshot(), roots, spec.commandLine().getOut());
        return 0;
    }
}
