package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.ClassFiles;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.SnapshotBuilder;
import dev.asyncinspect.recognize.values.ValueReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One of the small heap dumps in {@code src/test/resources/dumps} (its README says how they are made), read
 * with this module's reader, and the snapshot the recognizers build from it: {@code SnapshotBuilder}, then
 * the analysis that links waits and finds cycles. The examples' classes are taken from their modules'
 * {@code target} directories before the class path the dump records (the paths of the machine that wrote it).
 */
final class CommittedDump {

    static final Path JAVA_EXAMPLES = Path.of("..", "examples", "target", "classes").toAbsolutePath().normalize();
    static final Path KOTLIN_EXAMPLES = Path.of("..", "examples-kotlin", "target").toAbsolutePath().normalize();

    private CommittedDump() {}

    /** The classes of the Java examples. */
    static List<Path> javaExamples() {
        return List.of(JAVA_EXAMPLES);
    }

    /** The classes of the Kotlin examples and their runtime, as the module's build wrote its class path. */
    static List<Path> kotlinExamples() {
        List<Path> classPath = new ArrayList<>(List.of(KOTLIN_EXAMPLES.resolve("classes")));
        try {
            for (String entry : Files.readString(KOTLIN_EXAMPLES.resolve("classpath.txt")).strip().split(File.pathSeparator)) {
                classPath.add(Path.of(entry));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("examples-kotlin is not built", e);
        }
        return classPath;
    }

    /** Unpacks {@code dumps/NAME.hprof.gz} into {@code directory} and builds its snapshot. */
    static Snapshot snapshot(String name, Path directory, List<Path> classPath) throws IOException {
        Path file = directory.resolve(name + ".hprof");
        try (InputStream packed = new GZIPInputStream(CommittedDump.class.getResourceAsStream("/dumps/" + name + ".hprof.gz"))) {
            Files.copy(packed, file);
        }
        try (DumpFile dump = DumpFile.open(file, Progress.NONE)) {
            ClassIndex index = new ClassIndex(dump.graph);
            Map<String, String> properties = SystemProperties.read(
                    new HprofHeapView(dump.graph, index, dump.stacks, new ClassFiles(List.of(), null), null, 0, Progress.NONE));
            List<String> searched = new ArrayList<>();
            classPath.forEach(p -> searched.add(p.toString()));
            searched.addAll(Arrays.asList(properties.getOrDefault("java.class.path", "").split(File.pathSeparator)));
            int feature = Integer.parseInt(properties.get("java.specification.version"));
            VmInfo vm = new VmInfo(0, properties.get("sun.java.command").split(" ")[0], properties.get("java.version"),
                    properties.get("java.vm.name"), "heap dump");
            try (ClassFiles classFiles = new ClassFiles(searched, properties.get("user.dir"));
                 JdkClassFiles jdk = JdkClassFiles.open(properties.get("java.home"))
                         .orElseThrow(() -> new IllegalStateException("no JDK at " + properties.get("java.home")))) {
                HprofHeapView heap = new HprofHeapView(dump.graph, index, dump.stacks, classFiles, jdk, feature, Progress.NONE);
                return new SnapshotBuilder(ValueReader.Limits.DEFAULT).build(heap, vm);
            }
        } finally {
            Files.delete(file);
        }
    }
}
