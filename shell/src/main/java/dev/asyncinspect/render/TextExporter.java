package dev.asyncinspect.render;

import dev.asyncinspect.export.Exporter;
import dev.asyncinspect.export.Exporters;

/** The text dump as an output format, so every format is in one registry: {@link #FORMATS}. */
public final class TextExporter {

    private TextExporter() {}

    /** Every format {@code dump --format} and {@code export} write, the text dump first. */
    public static final Exporters FORMATS = Exporters.standard().with(new Exporter("text",
            "the text dump: the task list, then every waiting task in full", (s, e, out) -> new SnapshotText().print(s, out)));

    /** For picocli's completion and help: the formats' names. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return FORMATS.names().iterator();
        }
    }
}
