package dev.asyncinspect.cli;

import dev.asyncinspect.attach.ProcessFacts;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.render.ProgressLine;
import dev.asyncinspect.source.SnapshotSource;
import java.io.PrintWriter;

/** Snapshots as the commands take them: with a progress line on a terminal, quietly otherwise. */
final class Targets {

    private Targets() {}

    /** One snapshot, drawing its progress on standard error when that is a terminal. */
    static Snapshot snapshot(SnapshotSource source, PrintWriter err) {
        return snapshot(source, ValueReader.Limits.DEFAULT, err);
    }

    static Snapshot snapshot(SnapshotSource source, ValueReader.Limits limits, PrintWriter err) {
        if (!new ProcessFacts().stderrIsTerminal()) {
            return source.snapshot(limits, Progress.NONE);
        }
        try (ProgressLine progress = new ProgressLine(err)) {
            return source.snapshot(limits, progress);
        }
    }
}
