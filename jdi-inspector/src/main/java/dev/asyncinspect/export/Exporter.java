package dev.asyncinspect.export;

import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.TimelineEvent;
import java.io.PrintWriter;
import java.util.List;

/** One output format of a snapshot and its recorded timeline: what {@code dump --format} and the REPL's {@code export} write. */
public interface Exporter {

    /** The name a user types: {@code json}, {@code csv}, … */
    String name();

    /** What it writes, in a few words. */
    String description();

    /** @param events the recorded timeline, empty without a recording */
    void write(Snapshot snapshot, List<TimelineEvent> events, PrintWriter out);
}
