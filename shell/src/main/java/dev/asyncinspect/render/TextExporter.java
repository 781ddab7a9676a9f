package dev.asyncinspect.render;

import dev.asyncinspect.export.Exporter;
import dev.asyncinspect.export.Exporters;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.TimelineEvent;
import java.io.PrintWriter;
import java.util.List;

/** The text dump as an output format, so every format is one registry: {@link #FORMATS}. */
public final class TextExporter implements Exporter {

    /** Every format {@code dump --format} and {@code export} write, the text dump first. */
    public static final Exporters FORMATS = Exporters.standard().with(new TextExporter());

    @Override
    public String name() {
        return "text";
    }

    @Override
    public String description() {
        return "the text dump: the task list, then every waiting task in full";
    }

    @Override
    public void write(Snapshot snapshot, List<TimelineEvent> events, PrintWriter out) {
        new SnapshotText().print(snapshot, out);
    }

    /** For picocli's completion and help: the formats' names. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return FORMATS.names().iterator();
        }
    }
}
