package dev.asyncinspect.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What to inspect: a running JVM by pid, or a heap dump file (exactly one). */
final class TargetChoice {

    @Option(names = "--pid", description = "The target JVM's process id.")
    Long pid;

    @Option(names = "--heap", paramLabel = "FILE", description = "An HPROF heap dump (jcmd <pid> GC.heap_dump FILE), read offline.")
    Path heap;

    /** A session on the target; a heap dump is read-only: snapshots, no control. */
    Connection open(PrintWriter err, Connection.Via via) {
        return heap != null ? new Connection(HeapDumps.open(heap, err), null) : Connection.open(pid, via);
    }

    /** For one snapshot. */
    Connection openForDump(PrintWriter err, Connection.Via via) {
        return heap != null ? new Connection(HeapDumps.open(heap, err), null) : Connection.forDump(pid, via);
    }
}
