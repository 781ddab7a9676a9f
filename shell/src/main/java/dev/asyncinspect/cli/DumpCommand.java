package dev.asyncinspect.cli;

import dev.asyncinspect.export.Exporter;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.render.TextExporter;
import dev.asyncinspect.source.PrivateFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Take one snapshot and print it, for scripts and CI.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:snapshot taken", "1:the target could not be inspected", "2:bad usage",
                "3:--fail-on-deadlock and a deadlock was found"})
final class DumpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetChoice target;

    @Option(names = "--via", defaultValue = "auto", description = "How to read the target: ${COMPLETION-CANDIDATES}"
            + " (default: ${DEFAULT-VALUE}: the agent, which needs no startup flags; JDWP when the agent is refused).")
    Connection.Via via;

    @Option(names = "--format", defaultValue = "text", completionCandidates = TextExporter.Names.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here (mode 0600) instead of standard output.")
    Path output;

    @Option(names = "--max-tasks", paramLabel = "N", description = "Read at most N tasks (their roots: coroutines, pending"
            + " stages, sources); the rest is named in the snapshot's gaps. Default: through the agent, a task per 4 KB of"
            + " the target's free heap; else no bound.")
    long maxTasks;

    @Option(names = "--fail-on-deadlock", description = "Exit with code 3 when the snapshot has a deadlock (for CI).")
    boolean failOnDeadlock;

    @Override
    public Integer call() throws IOException {
        Exporter exporter = TextExporter.FORMATS.named(format).orElseThrow(() -> new picocli.CommandLine.ParameterException(
                spec.commandLine(), "unknown format '" + format + "' (" + String.join(", ", TextExporter.FORMATS.names()) + ")"));
        if (maxTasks < 1 && spec.commandLine().getParseResult().hasMatchedOption("--max-tasks")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-tasks must be at least 1, not " + maxTasks);
        }
        Snapshot snapshot;
        try (Connection connection = target.openForDump(spec.commandLine().getErr(), via)) {
            snapshot = Targets.snapshot(connection.snapshots(), ValueReader.Limits.DEFAULT.withMaxTasks(maxTasks),
                    spec.commandLine().getErr());
        }
        if (output == null) {
            write(exporter, snapshot, spec.commandLine().getOut());
        } else {
            PrivateFile.replaceText(output, file -> write(exporter, snapshot, file));
        }
        return failOnDeadlock && !snapshot.deadlocks().isEmpty() ? Main.DEADLOCK : 0;
    }

    private static void write(Exporter exporter, Snapshot snapshot, PrintWriter out) {
        exporter.write(snapshot, java.util.List.of(), out);
        out.flush();
    }
}
