package dev.asyncinspect.repl;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.text.ValueText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "vars", description = "Show the variables of a task's current frame as name = value (default: the stopped task).")
final class VarsCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID")
    String id;

    VarsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String taskId = id != null ? id : session.control().current()
                .orElseThrow(() -> new ReplException("not stopped: give a task id (vars t1)")).taskId();
        Task task = session.task(taskId);
        Frame frame = task.focusFrame();
        var out = spec.commandLine().getOut();
        if (frame == null || frame.variables().isEmpty()) {
            out.println("(no variables)");
        } else {
            out.printf("%s  %s%s%n", frame.function(), frame.location(), frame.note() == null ? "" : "  " + frame.note());
            for (Variable variable : frame.variables()) {
                out.printf("  %s = %s%n", variable.name(), ValueText.of(variable.value()));
            }
        }
        out.flush();
        return 0;
    }
}
