package dev.asyncinspect.cli;

import dev.asyncinspect.attach.AgentRecorder;
import dev.asyncinspect.attach.AgentSource;
import dev.asyncinspect.attach.AttachException;
import dev.asyncinspect.attach.ProcessFacts;
import dev.asyncinspect.export.Exporter;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.record.Recorder;
import dev.asyncinspect.render.ProgressLine;
import dev.asyncinspect.render.TextExporter;
import dev.asyncinspect.repl.DurationConverter;
import dev.asyncinspect.repl.RecordingOptions;
import dev.asyncinspect.source.PrivateFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record a running JVM for a while and write what it saw.",
                "Records through the agent (no startup flags), then writes the events",
                "with a snapshot taken at the end: a Chrome trace for Perfetto by default."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:recorded and written", "1:the target could not be recorded (or exited meanwhile)", "2:bad usage"})
final class RecordCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--pid", required = true, paramLabel = "PID", description = "The target JVM's process id.")
    long pid;

    @Option(names = "--duration", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to record (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--output", paramLabel = "FILE", required = true, description = "Write here (mode 0600).")
    Path output;

    @Option(names = "--format", defaultValue = "chrome", paramLabel = "FORMAT", completionCandidates = TextExporter.Names.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    RecordingOptions options;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Exporter exporter = TextExporter.FORMATS.named(format).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown format '" + format + "' (" + String.join(", ", TextExporter.FORMATS.names()) + ")"));
        Recorder.Settings settings;
        try {
            settings = options.settings();
        } catch (IllegalArgumentException outOfRange) {
            throw new ParameterException(spec.commandLine(), outOfRange.getMessage());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive");
        }
        PrintWriter err = spec.commandLine().getErr();
        AgentRecorder recorder = AgentRecorder.open(pid);
        AgentSource snapshots = AgentSource.open(pid);
        // Ctrl-C ends the recording in the target at once rather than when its lease runs out.
        Thread stopOnExit = new Thread(recorder::close, "async-inspect-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Snapshot snapshot;
        Recording recording;
        try {
            recorder.start(settings);
            wait(duration, err);
            snapshot = Targets.snapshot(snapshots, err);
            recording = recorder.stop();
        } catch (RuntimeException failed) {
            if (!alive()) {
                throw new AttachException("the target (pid " + pid + ") exited while it was recorded");
            }
            throw failed;
        } finally {
            recorder.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        PrivateFile.replaceText(output, out -> exporter.write(snapshot, recording.events(), out));
        err.printf("recorded %d events in %.1f s%s; wrote %s%n", recording.events().size(),
                (recording.endedNanos() - recording.startedNanos()) / 1e9,
                recording.dropped() == 0 ? "" : " (" + recording.dropped() + " older ones dropped)", output);
        err.flush();
        return 0;
    }

    /** Waits out the recording, showing how far it is on a terminal; a target that exits ends it early. */
    private void wait(Duration length, PrintWriter err) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        ProgressLine progress = new ProgressLine(err);
        boolean terminal = new ProcessFacts().stderrIsTerminal();
        try (progress) {
            while (System.nanoTime() < end) {
                if (terminal) {
                    progress.update("recording (seconds)", length.toSeconds() - Math.max(0, (end - System.nanoTime()) / 1_000_000_000L),
                            length.toSeconds());
                }
                if (!alive()) {
                    throw new AttachException("the target (pid " + pid + ") exited while it was recorded");
                }
                Thread.sleep(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
        }
    }

    private boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
