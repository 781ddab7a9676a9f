package dev.asyncinspect.repl;

import dev.asyncinspect.render.Hierarchy;
import dev.asyncinspect.render.TaskDetail;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "task", description = "Show one task in full: stack, variables, what it waits for.")
final class TaskCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "A task id from the tasks list, e.g. t1, v42, f1234.")
    String id;

    TaskCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        var task = session.task(id);
        new TaskDetail(Integer.MAX_VALUE).print(task, Hierarchy.childrenOf(session.snapshot(), task.id()),
                spec.commandLine().getOut());
        return 0;
    }
}
