package dev.asyncinspect.cli;

import dev.asyncinspect.source.SnapshotSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What to inspect: a running JVM by pid, or a heap dump file (exactly one). */
final class TargetChoice {

    @Option(names = "--pid", description = "The target JVM's process id.")
    Long pid;

    @Option(names = "--heap", paramLabel = "FILE", description = "An HPROF heap dump (jcmd <pid> GC.heap_dump FILE), read offline.")
    Path heap;

    SnapshotSource open(PrintWriter err) {
        return heap != null ? HeapDumps.open(heap, err) : Targets.open(pid);
    }
}
