package dev.asyncinspect.cli;

import dev.asyncinspect.attach.ProcessFacts;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.hprof.HeapDumpSource;
import dev.asyncinspect.render.ProgressLine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Opening a heap dump: one pass over the file, with a progress line when standard error is a terminal. */
final class HeapDumps {

    private HeapDumps() {}

    /** @param classPath where the dumped JVM's classes are, before the class path the dump records */
    static HeapDumpSource open(Path file, List<Path> classPath, PrintWriter err) {
        if (!new ProcessFacts().stderrIsTerminal()) {
            return HeapDumpSource.open(file, classPath, Progress.NONE);
        }
        try (ProgressLine progress = new ProgressLine(err)) {
            return HeapDumpSource.open(file, classPath, progress);
        }
    }
}
