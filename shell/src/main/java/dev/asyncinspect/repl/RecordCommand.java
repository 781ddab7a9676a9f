package dev.asyncinspect.repl;

import dev.asyncinspect.cli.DurationConverter;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.record.Recorder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "record", description = {"Record what async code does, inside the target (no JDWP, no startup flags):",
        "coroutines created, resumed and suspended at state k; futures completed; threads parked, blocked",
        "on monitors, waiting, sleeping and pinned (from JFR). The target keeps running at near full speed;",
        "record stop takes every probe out again (so does the target by itself if this tool dies)."})
final class RecordCommand implements Callable<Integer> {

    enum Action { start, stop }

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "start|stop")
    Action action;

    @Option(names = "--capacity", defaultValue = "100000",
            description = "Keep at most this many events, the newest (default: ${DEFAULT-VALUE}; 40 bytes each in the target).")
    int capacity;

    @Option(names = "--jfr-threshold", defaultValue = "10ms", converter = DurationConverter.class,
            description = "Record threads' waits at least this long (default: ${DEFAULT-VALUE}).")
    Duration jfrThreshold;

    RecordCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (action == Action.start) {
            if (capacity < 1 || capacity > 50_000_000) {
                throw new ReplException("--capacity must be between 1 and 50,000,000");
            }
            session.recorder().start(new Recorder.Settings(capacity, jfrThreshold));
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
