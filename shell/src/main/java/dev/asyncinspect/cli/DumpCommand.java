package dev.asyncinspect.cli;

import dev.asyncinspect.export.JsonSnapshotWriter;
import dev.asyncinspect.jdi.JdiTarget;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.recognize.ValueReader;
import dev.asyncinspect.render.SnapshotText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Take one snapshot and print it, for scripts and CI.")
final class DumpCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--pid", required = true, description = "The target JVM's process id.")
    long pid;

    @Option(names = "--format", defaultValue = "text", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here (mode 0600) instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        Snapshot snapshot;
        try (JdiTarget target = Targets.open(pid)) {
            snapshot = target.snapshot(ValueReader.Limits.DEFAULT);
        }
        if (output == null) {
            write(snapshot, spec.commandLine().getOut());
            return 0;
        }
        try (Writer file = Files.newBufferedWriter(privateFile(output), StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            write(snapshot, new PrintWriter(file));
        }
        return 0;
    }

    private void write(Snapshot snapshot, PrintWriter out) {
        if (format == Format.json) {
            new JsonSnapshotWriter().write(snapshot, out, true);
        } else {
            new SnapshotText().print(snapshot, out);
        }
        out.flush();
    }

    /** A snapshot holds the target's data: only its owner may read the file. */
    private static Path privateFile(Path path) throws IOException {
        if (!Files.exists(path)) {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return path;
    }
}
