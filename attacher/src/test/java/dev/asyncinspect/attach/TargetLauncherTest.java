package dev.asyncinspect.attach;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.asyncinspect.attach.TestTargets.JDK17;
import static dev.asyncinspect.attach.TestTargets.MAIN;
import static dev.asyncinspect.attach.TestTargets.assertSpeaksJdwp;
import static dev.asyncinspect.attach.TestTargets.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@JvmTier
class TargetLauncherTest {

    private final TestTargets targets = new TestTargets();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream programOut = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream programErr = new PrintStream(err, true, StandardCharsets.UTF_8);

    @AfterEach
    void killTargets() throws InterruptedException {
        targets.close();
    }

    @Test
    void launchesJavaWithJdwpAndForwardsOutput() throws Exception {
        String java = TestTargets.java(JDK17);
        LaunchedTarget target = launch(List.of(java, "-cp", TestTargets.classes17().toString(), MAIN));

        assertSpeaksJdwp(target.endpoint());
        assertThat(target.process().info().arguments().orElseThrow()).contains(TestTargets.JDWP);
        eventually(() -> assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("READY\n"));
    }

    @Test
    void reachesJvmsBehindAWrapperThroughJavaToolOptions() throws Exception {
        String java = TestTargets.java(JDK17);
        String script = "exec " + java + " -cp " + TestTargets.classes17() + " " + MAIN;
        LaunchedTarget target = launch(List.of("sh", "-c", script));

        assertSpeaksJdwp(target.endpoint());
        eventually(() -> assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("READY\n"));
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("JAVA_TOOL_OPTIONS");
    }

    @Test
    void reportsExitCodeWhenProgramEndsFirst() {
        assertThatThrownBy(() -> launch(List.of("sh", "-c", "echo bye; exit 3")))
                .isInstanceOf(AttachException.class)
                .hasMessageContaining("exited with code 3");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("bye\n");
    }

    @Test
    void reportsMissingProgram() {
        assertThatThrownBy(() -> launch(List.of("/nonexistent/program")))
                .isInstanceOf(AttachException.class)
                .hasMessageStartingWith("cannot start /nonexistent/program");
    }

    private LaunchedTarget launch(List<String> command) {
        LaunchedTarget target = new TargetLauncher().launch(command, programOut, programErr);
        targets.adopt(target.process());
        return target;
    }
}
