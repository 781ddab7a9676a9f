package dev.asyncinspect.repl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "record", description = {"Record what async code does: state machines started, resumed, suspended",
        "at state k and completed; futures completed; threads blocked on monitors.",
        "State-machine and future events briefly hold their thread: the app slows down."})
final class RecordCommand implements Callable<Integer> {

    enum Action { start, stop }

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "start|stop")
    Action action;

    @Option(names = "--capacity", defaultValue = "100000", description = "Keep at most this many events (default: ${DEFAULT-VALUE}).")
    int capacity;

    RecordCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (action == Action.start) {
            session.control().startRecording(capacity);
            out.println("recording (record stop to end it)");
        } else {
            session.control().stopRecording();
            out.printf("recorded %d events%n", session.control().timeline().size());
        }
        out.flush();
        return 0;
    }
}
