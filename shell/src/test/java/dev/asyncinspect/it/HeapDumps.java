package dev.asyncinspect.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/** Heap dumps of example targets, taken as a user would: {@code jcmd <pid> GC.heap_dump}, into a private directory. */
final class HeapDumps {

    private HeapDumps() {}

    static Path take(Jdk jdk, TargetJvm target, Path directory) throws Exception {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        Path file = directory.resolve("target-" + target.pid() + ".hprof");
        Path jcmd = jdk.java().resolveSibling("jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(target.pid()), "GC.heap_dump", "-all=false",
                file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("jcmd GC.heap_dump failed: " + output);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** {@code dump --heap FILE --format json}, parsed; the tool must succeed. */
    static com.fasterxml.jackson.databind.JsonNode json(Path dump, String... extra) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("dump", "--heap", dump.toString(), "--format", "json"));
        args.addAll(java.util.List.of(extra));
        Tool.Result result = Tool.run(null, args.toArray(String[]::new));
        org.assertj.core.api.Assertions.assertThat(result.exitCode()).as(result.err()).isIn(0, 3);
        return Snapshots.parse(result.out());
    }
}
