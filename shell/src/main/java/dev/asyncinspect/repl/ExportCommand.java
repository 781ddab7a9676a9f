package dev.asyncinspect.repl;

import dev.asyncinspect.export.Exporter;
import dev.asyncinspect.render.TextExporter;
import dev.asyncinspect.source.PrivateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", description = {"Write the snapshot and the recorded timeline to a file (mode 0600), in any",
        "format dump writes: text (the text dump), json (the dump schema plus events), csv (tasks and events),",
        "chrome (Trace Event Format for Perfetto and chrome://tracing), folded (stacks for flamegraphs: speedscope,",
        "inferno), svg (a flame graph), dot (the wait-for graph)."})
final class ExportCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", completionCandidates = TextExporter.Names.class,
            description = "${COMPLETION-CANDIDATES}")
    String format;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    ExportCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws IOException {
        Exporter exporter = TextExporter.FORMATS.named(format).orElseThrow(() -> new ReplException(
                "unknown format '" + format + "' (" + String.join(", ", TextExporter.FORMATS.names()) + ")"));
        PrivateFile.replaceText(file, out -> exporter.write(session.snapshot(), session.recording().events(), out));
        spec.commandLine().getOut().printf("wrote %s%n", file);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
