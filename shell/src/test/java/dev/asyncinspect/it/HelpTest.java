package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The help a user reads, word for word: each command's {@code --help} as committed under
 * {@code src/test/resources/help/}. A change to an option shows here as a change to that file
 * ({@code -Dhelp.update=true} rewrites them).
 */
@JvmTier
class HelpTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "help");

    @ParameterizedTest
    @ValueSource(strings = {"", "list", "attach", "dump", "run", "record", "test", "serve"})
    void helpIsAsCommitted(String command) throws Exception {
        Tool.Result result = command.isEmpty() ? Tool.run(null, "--help") : Tool.run(null, command, "--help");
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path golden = GOLDEN.resolve((command.isEmpty() ? "async-inspect" : command) + ".txt");
        if (Boolean.getBoolean("help.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, result.out(), StandardCharsets.UTF_8);
        }
        assertThat(result.out()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void replHelpIsAsCommitted() throws Exception {
        Path dump = Files.createTempFile("values", ".hprof");
        try (var packed = new java.util.zip.GZIPInputStream(HelpTest.class.getResourceAsStream("/dumps/values-jdk17.hprof.gz"))) {
            Files.copy(packed, dump, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Tool.Result result = Tool.run(null, "attach", "--heap", dump.toString(), "--exec", "help");
            assertThat(result.exitCode()).as(result.err()).isZero();
            Path golden = GOLDEN.resolve("repl.txt");
            if (Boolean.getBoolean("help.update")) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, result.out(), StandardCharsets.UTF_8);
            }
            assertThat(result.out()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(dump);
        }
    }
}
