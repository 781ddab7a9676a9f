package dev.asyncinspect.export;

import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.TimelineEvent;
import java.io.PrintWriter;
import java.util.List;

/**
 * One output format of a snapshot and its recorded timeline: what {@code dump --format} and the REPL's {@code export} write.
 *
 * @param name        what a user types: {@code json}, {@code csv}, …
 * @param description what it writes, in a few words
 */
public record Exporter(String name, String description, Writes writes) {

    /** Writes one snapshot and its events (empty without a recording). */
    @FunctionalInterface
    public interface Writes {
        void write(Snapshot snapshot, List<TimelineEvent> events, PrintWriter out);
    }

    public void write(Snapshot snapshot, List<TimelineEvent> events, PrintWriter out) {
        writes.write(snapshot, events, out);
    }
}
