package dev.asyncinspect.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What to inspect: a running JVM by pid, or a heap dump file (exactly one). */
final class TargetChoice {

    @Option(names = "--pid", description = "The target JVM's process id.")
    Long pid;

    @ArgGroup(exclusive = false)
    HeapFile heap;

    /** A heap dump, and where its classes are when not where the dumped JVM had them. */
    static final class HeapFile {
        @Option(names = "--heap", paramLabel = "FILE", required = true,
                description = "An HPROF heap dump (jcmd <pid> GC.heap_dump FILE), read offline.")
        Path file;

        @Option(names = "--class-path", paramLabel = "PATH", description = "With --heap: the dumped JVM's classes on this"
                + " machine (directories and jars, ':'-separated), looked in before the class path the dump records:"
                + " for a dump taken elsewhere.")
        String classPath;

        List<Path> classPath() {
            return classPath == null ? List.of()
                    : Arrays.stream(classPath.split(File.pathSeparator)).filter(p -> !p.isBlank()).map(p -> Path.of(p).toAbsolutePath()).toList();
        }
    }

    /** A session on the target; a heap dump is read-only: snapshots, no control. */
    Connection open(PrintWriter err, Connection.Via via) {
        return heap != null ? new Connection(HeapDumps.open(heap.file, heap.classPath(), err)) : Connection.open(pid, via);
    }

    /** For one snapshot. */
    Connection openForDump(PrintWriter err, Connection.Via via) {
        return heap != null ? new Connection(HeapDumps.open(heap.file, heap.classPath(), err)) : Connection.forDump(pid, via);
    }
}
