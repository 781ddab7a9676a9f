package dev.asyncinspect.cli;

import dev.asyncinspect.export.JsonSnapshotWriter;
import dev.asyncinspect.export.PrivateFiles;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.render.SnapshotText;
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

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetChoice target;

    @Option(names = "--via", defaultValue = "auto", description = "How to read the target: ${COMPLETION-CANDIDATES}"
            + " (default: ${DEFAULT-VALUE}: the agent, which needs no startup flags; JDWP when the agent is refused).")
    Connection.Via via;

    @Option(names = "--format", defaultValue = "text", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here (mode 0600) instead of standard output.")
    Path output;

    @Option(names = "--fail-on-deadlock", description = "Exit with code 3 when the snapshot has a deadlock (for CI).")
    boolean failOnDeadlock;

    @Override
    public Integer call() throws IOException {
        Snapshot snapshot;
        try (Connection connection = target.openForDump(spec.commandLine().getErr(), via)) {
            snapshot = Targets.snapshot(connection.snapshots(), spec.commandLine().getErr());
        }
        if (output == null) {
            write(snapshot, spec.commandLine().getOut());
        } else {
            try (PrintWriter file = PrivateFiles.writer(output)) {
                write(snapshot, file);
            }
        }
        return failOnDeadlock && !snapshot.deadlocks().isEmpty() ? Main.DEADLOCK : 0;
    }

    private void write(Snapshot snapshot, PrintWriter out) {
        if (format == Format.json) {
            new JsonSnapshotWriter().write(snapshot, out, true);
        } else {
            new SnapshotText().print(snapshot, out);
        }
        out.flush();
    }
}
