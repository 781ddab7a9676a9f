package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every output format from both commands that write: {@code dump --format} and the REPL's {@code export}. */
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

        Path file = directory.resolve("export." + format);
        Tool.Result exported = Tool.run(null, "attach", "--heap", dump.toString(), "--exec", "export " + format + " " + file);
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(Files.readString(file)).isNotBlank().startsWith(opening(format));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anUnknownFormatNamesTheFormats() throws Exception {
        Tool.Result dumped = Tool.run(null, "dump", "--heap", dump.toString(), "--format", "yaml");
        assertThat(dumped.exitCode()).as("bad usage").isEqualTo(2);
        assertThat(dumped.errLines().get(0)).isEqualTo("unknown format 'yaml' (text, json, csv, chrome, folded, svg, dot)");
        assertThat(dumped.err()).doesNotContain("Exception");
        Tool.Result exported = Tool.run(null, "attach", "--heap", dump.toString(), "--exec", "export yaml x");
        assertThat(exported.exitCode()).isEqualTo(1);
        assertThat(exported.err()).contains("error: unknown format 'yaml' (text, json, csv, chrome, folded, svg, dot)");
    }
}
