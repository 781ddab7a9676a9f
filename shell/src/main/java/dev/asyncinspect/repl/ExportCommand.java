package dev.asyncinspect.repl;

import dev.asyncinspect.export.ChromeTraceWriter;
import dev.asyncinspect.export.CsvWriter;
import dev.asyncinspect.export.DotGraphWriter;
import dev.asyncinspect.export.FlameGraphSvgWriter;
import dev.asyncinspect.export.FoldedStacksWriter;
import dev.asyncinspect.export.JsonSnapshotWriter;
import dev.asyncinspect.export.PrivateFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", description = {"Write the snapshot and the recorded timeline to a file (mode 0600):",
        "json (the dump schema plus events), csv (tasks and events), chrome (Trace Event Format for Perfetto",
        "and chrome://tracing), folded (stacks for flamegraphs: speedscope, inferno), svg (a flame graph),",
        "dot (the wait-for graph)."})
final class ExportCommand implements Callable<Integer> {

    enum Format { json, csv, chrome, folded, svg, dot }

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "${COMPLETION-CANDIDATES}")
    Format format;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    ExportCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws IOException {
        try (PrintWriter out = PrivateFiles.writer(file)) {
            var events = session.events();
            switch (format) {
                case json -> new JsonSnapshotWriter().write(session.snapshot(), events, out, true);
                case csv -> new CsvWriter().write(session.snapshot(), events, out);
                case chrome -> new ChromeTraceWriter().write(session.snapshot(), events, out);
                case folded -> new FoldedStacksWriter().write(session.snapshot(), out);
                case svg -> new FlameGraphSvgWriter().write(session.snapshot(), out);
                case dot -> new DotGraphWriter().write(session.snapshot(), out);
            }
        }
        spec.commandLine().getOut().printf("wrote %s%n", file);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
