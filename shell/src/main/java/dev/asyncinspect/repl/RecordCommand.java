package dev.asyncinspect.repl;

import dev.asyncinspect.model.Recording;
import dev.asyncinspect.record.Recorder;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "record", description = {"Record inside the target, with no flags: coroutines, futures, thread waits.",
        "Coroutines created, resumed and suspended at state k; futures completed; threads parked, blocked",
        "on monitors, waiting, sleeping and pinned (from JFR). The target keeps running at near full speed;",
        "record stop takes every probe out again (so does the target by itself if this tool dies)."})
final class RecordCommand implements Callable<Integer> {

    enum Action { start, stop }

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "start|stop")
    Action action;

    @Mixin
    RecordingOptions options;

    RecordCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (action == Action.start) {
            Recorder.Settings settings;
            try {
                settings = options.settings();
            } catch (IllegalArgumentException outOfRange) {
                throw new ReplException(outOfRange.getMessage());
            }
            session.recorder().start(settings);
            out.println("recording (record stop ends it)");
            session.recording().gaps().forEach(gap -> out.println("  note: " + gap));
        } else {
            Recording recording = session.recorder().stop();
            out.printf("recorded %d events in %.1f s; probes removed%n", recording.events().size(),
                    (recording.endedNanos() - recording.startedNanos()) / 1e9);
            recording.gaps().forEach(gap -> out.println("  note: " + gap));
        }
        out.flush();
        return 0;
    }
}
