package dev.asyncinspect.cli;

import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.source.SnapshotSource;
import dev.asyncinspect.attach.JdwpEndpoint;
import dev.asyncinspect.attach.JdwpLocator;
import dev.asyncinspect.attach.JvmDirectory;
import dev.asyncinspect.attach.ProcessFacts;
import dev.asyncinspect.jdi.JdiTarget;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.recognize.ValueReader;
import dev.asyncinspect.render.ProgressLine;
import java.io.PrintWriter;

/** From a pid to an open connection: find (or wake) its JDWP agent, then attach JDI. */
final class Targets {

    private Targets() {}

    /** One snapshot, drawing its progress on standard error when that is a terminal. */
    static Snapshot snapshot(SnapshotSource source, PrintWriter err) {
        if (!new ProcessFacts().stderrIsTerminal()) {
            return source.snapshot(ValueReader.Limits.DEFAULT, Progress.NONE);
        }
        try (ProgressLine progress = new ProgressLine(err)) {
            return source.snapshot(ValueReader.Limits.DEFAULT, progress);
        }
    }

    static JdiTarget open(long pid) {
        JdwpEndpoint endpoint = new JdwpLocator().locate(pid);
        String mainClass = new JvmDirectory().describe(pid).mainClass();
        return JdiTarget.attach(endpoint.host(), endpoint.port(), pid, mainClass);
    }
}
