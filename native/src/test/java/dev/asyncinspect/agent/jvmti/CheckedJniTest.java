package dev.asyncinspect.agent.jvmti;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JVM's JNI checks find nothing in the library. They only print what they find (on stdout,
 * where surefire keeps it out of the report), so this runs the library's calls in a JVM of its
 * own under {@code -Xcheck:jni} and reads what it printed.
 */
class CheckedJniTest {

    @Test
    void theLibrarysCallsPassTheJniChecks() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process run = new ProcessBuilder(java.toString(), "-Xcheck:jni", "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), JniCalls.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();

        List<String> lines = output.lines().toList();
        assertThat(lines).as(output).noneMatch(line -> line.contains("in native method") || line.startsWith("WARNING: JNI"));
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(lines).as(output).contains("done");
    }
}
