package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.ClassFiles;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.SnapshotBuilder;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.source.SnapshotSource;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Snapshots of a JVM as an HPROF heap dump left it: the same recognizers and analysis as a live
 * target, over a heap view of the file. Every snapshot is the same moment; its gaps say what a heap
 * dump cannot show.
 */
public final class HeapDumpSource implements SnapshotSource {

    /** What no heap dump records, whatever is in it. */
    private static final List<String> ALWAYS_MISSING = List.of(
            "heap dump: monitor owners are not recorded (no 'holds monitor', no monitor wait edges, so monitor deadlocks cannot be seen)",
            "heap dump: locals are matched to frame objects by slot order and type (the dump has neither names nor slots); null and primitive locals are not shown");

    private final DumpFile file;
    private final ClassIndex index;
    private final Map<String, String> properties;
    private final ClassFiles classFiles;
    private final JdkClassFiles jdkClassFiles;
    private final VmInfo vmInfo;

    private HeapDumpSource(DumpFile file, List<Path> classPath) {
        this.file = file;
        this.index = new ClassIndex(file.graph);
        HprofHeapView probe = new HprofHeapView(file.graph, index, file.stacks, new ClassFiles(List.of(), null), null, 0, Progress.NONE);
        this.properties = SystemProperties.read(probe);
        List<String> searched = new ArrayList<>();
        classPath.forEach(p -> searched.add(p.toString()));
        String recorded = properties.getOrDefault("java.class.path", "");
        if (!recorded.isEmpty()) {
            searched.addAll(Arrays.asList(recorded.split(File.pathSeparator)));
        }
        this.classFiles = new ClassFiles(searched, properties.get("user.dir"));
        this.jdkClassFiles = JdkClassFiles.open(properties.get("java.home")).orElse(null);
        this.vmInfo = new VmInfo(pid(), mainClass(), properties.getOrDefault("java.version", "?"),
                properties.getOrDefault("java.vm.name", "?"), "heap dump");
    }

    /** Opens and indexes the file; bad input fails with a {@link HeapDumpException} whose message is one line. */
    /** @param classPath where the dumped JVM's classes are on this machine, looked in before the class path the dump records */
    public static HeapDumpSource open(Path path, List<Path> classPath, Progress progress) {
        return new HeapDumpSource(DumpFile.open(path, progress), classPath);
    }

    private long pid() {
        // A dump does not record the pid; the launcher's property has it where it was set.
        try {
            return Long.parseLong(properties.getOrDefault("sun.java.launcher.pid", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String mainClass() {
        String command = properties.get("sun.java.command");
        if (command == null || command.isBlank()) {
            return "?";
        }
        return command.strip().split("\\s+")[0];
    }

    private int javaFeature() {
        String version = properties.getOrDefault("java.specification.version", "0");
        try {
            return Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** When the dump was written, from its header. */
    public Instant dumpedAt() {
        return Instant.ofEpochMilli(file.header.getHeapDumpTimestamp());
    }

    @Override
    public VmInfo vmInfo() {
        return vmInfo;
    }

    @Override
    public Snapshot snapshot(ValueReader.Limits limits, Progress progress) {
        HprofHeapView heap = new HprofHeapView(file.graph, index, file.stacks, classFiles, jdkClassFiles, javaFeature(), progress);
        if (properties.get("java.class.path") == null) {
            heap.gap("heap dump: the JVM's class path is not in the dump: no source lines for lambdas, no coroutine frames");
        }
        if (jdkClassFiles == null) {
            heap.gap("heap dump: the dumped JVM's JDK (" + properties.getOrDefault("java.home", "?")
                    + ") is not on this machine: JDK methods' bytecode is unknown");
        }
        ALWAYS_MISSING.forEach(heap::gap);
        Snapshot built = new SnapshotBuilder(limits).build(heap, vmInfo);
        return new Snapshot(vmInfo, dumpedAt(), built.tasks(), built.deadlocks(), built.gaps());
    }

    @Override
    public void close() {
        classFiles.close();
        if (jdkClassFiles != null) {
            jdkClassFiles.close();
        }
        file.close();
    }
}
