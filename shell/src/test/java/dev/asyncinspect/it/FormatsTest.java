package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every output format from both commands that write: {@code dump --format} and the REPL's {@code export}; the JSON
 * snapshot of live targets on every route, of the committed heap dumps and of a recording checked against its schema.
 */
@JvmTier
class FormatsTest {

    @TempDir
    static Path directory;
    private static Path dump;

    @BeforeAll
    static void unpack() throws Exception {
        dump = directory.resolve("values.hprof");
        try (var packed = new GZIPInputStream(FormatsTest.class.getResourceAsStream("/dumps/values-jdk17.hprof.gz"))) {
            Files.copy(packed, dump);
        }
    }

    /** What each format starts with. */
    private static String opening(String format) {
        return switch (format) {
            case "text" -> "heap dump  dev.asyncinspect.examples.Values";
            case "json" -> "{";
            case "csv" -> "record,id,kind,";
            case "chrome" -> "{";
            case "folded" -> "";
            case "svg" -> "<svg";
            case "dot" -> "digraph";
            default -> throw new IllegalArgumentException(format);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "csv", "chrome", "folded", "svg", "dot"})
    void everyFormatFromDumpAndFromExport(String format) throws Exception {
        Tool.Result dumped = Tool.run(null, "dump", "--heap", dump.toString(), "--format", format);
        assertThat(dumped.exitCode()).as(dumped.err()).isZero();
        assertThat(dumped.out()).isNotBlank().startsWith(opening(format));
        if (format.equals("json")) {
            SnapshotSchema.assertValid("dump --heap --format json", dumped.out());
            assertThat(dumped.out()).endsWith("}\n").doesNotEndWith("\n\n");
        }

        Path file = directory.resolve("export." + format);
        Tool.Result exported = Tool.run(null, "attach", "--heap", dump.toString(), "--exec", "export " + format + " " + file);
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(Files.readString(file)).isNotBlank().startsWith(opening(format));
        if (format.equals("json")) {
            SnapshotSchema.assertValid("export json", Files.readString(file));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @ParameterizedTest
    @ValueSource(strings = {"values-jdk17.hprof.gz", "values-jdk25.hprof.gz"})
    void theCommittedHeapDumpsMatchTheSchema(String name) throws Exception {
        Path file = directory.resolve(name.replace(".gz", ""));
        try (var packed = new GZIPInputStream(FormatsTest.class.getResourceAsStream("/dumps/" + name))) {
            Files.copy(packed, file, StandardCopyOption.REPLACE_EXISTING);
        }
        Tool.Result dumped = Tool.run(null, "dump", "--heap", file.toString(), "--format", "json");
        assertThat(dumped.exitCode()).as(dumped.err()).isZero();
        SnapshotSchema.assertValid(name, dumped.out());
    }

    /**
     * Live targets with every kind of task between them: threads, locks and a future chain; a deadlock (of virtual
     * threads where the JDK has them); values of every kind; coroutines, with the debug agent's facts on its routes.
     */
    @ParameterizedTest
    @EnumSource(Route.class)
    void liveDumpsMatchTheSchema(Route route) throws Exception {
        List<List<String>> targets = new ArrayList<>();
        if (!route.probes()) {
            targets.add(List.of("StuckCheckout"));
            targets.add(List.of("Deadlocks", route.jdk().hasVirtualThreads() ? "virtual" : "monitors"));
            targets.add(List.of("Values"));
        }
        targets.add(List.of("kotlin.StuckOrdersKt"));
        for (List<String> example : targets) {
            try (TargetJvm target = route.start(example.get(0), example.subList(1, example.size()).toArray(String[]::new))) {
                Tool.Result dumped = Tool.run(null, target, "dump", "--format", "json");
                assertThat(dumped.exitCode()).as(dumped.err()).isZero();
                SnapshotSchema.assertValid(example + " on " + route, dumped.out());
                if (example.get(0).equals("Deadlocks")) {
                    assertThat(Snapshots.parse(dumped.out()).get("deadlocks")).hasSize(1);
                }
            }
        }
    }

    /** Exports after a recording carry events: coroutines resuming and suspending, futures completing, threads blocking. */
    @Test
    void recordedEventsMatchTheSchema() throws Exception {
        Set<String> kinds = new TreeSet<>();
        for (String example : List.of("kotlin.pump.PumpKt", "Deliveries", "Contention")) {
            try (TargetJvm target = TargetJvm.start(Jdk.JDK25, null, example)) {
                Path file = directory.resolve("recorded-" + example + ".json");
                Conversation.recordingWith("record start --jfr-threshold 0ms", target, 3, "export json " + file);
                String json = Files.readString(file);
                SnapshotSchema.assertValid("export json after recording " + example, json);
                Snapshots.parse(json).get("events").forEach(e -> kinds.add(e.get("kind").asText()));
            }
        }
        assertThat(kinds).contains("resumed", "suspended", "completed", "future completed", "blocked", "parked", "slept",
                "unblocked");
    }

    @Test
    void anUnknownFormatNamesTheFormats() throws Exception {
        Tool.Result dumped = Tool.run(null, "dump", "--heap", dump.toString(), "--format", "yaml");
        assertThat(dumped.exitCode()).as("bad usage").isEqualTo(2);
        assertThat(dumped.errLines()).containsExactly("unknown format 'yaml' (text, json, json-compact, csv, chrome, folded, svg, dot)"
                + " (async-inspect dump --help lists the options)");
        assertThat(dumped.err()).doesNotContain("Exception");
        Tool.Result exported = Tool.run(null, "attach", "--heap", dump.toString(), "--exec", "export yaml x");
        assertThat(exported.exitCode()).isEqualTo(1);
        assertThat(exported.err()).contains("error: unknown format 'yaml' (text, json, json-compact, csv, chrome, folded, svg, dot)");
    }
}
