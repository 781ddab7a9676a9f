package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every wrong target gets one clear line and a non-zero exit, never a stack trace. */
@JvmTier
class BadInputTest {

    private static void assertOneLineFailure(Tool.Result result, String expected) {
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.errLines().get(0)).contains(expected);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void pidThatDoesNotExist() throws Exception {
        assertOneLineFailure(Tool.run(null, "dump", "--pid", "999999999"), "no process with pid 999999999");
    }

    @Test
    void processThatIsNotAJvm() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            assertOneLineFailure(Tool.run(null, "attach", "--pid", Long.toString(sleep.pid()), "--exec", "tasks"),
                    "(sleep) is not a Java virtual machine");
            assertThat(sleep.isAlive()).as("attach must not signal a non-JVM").isTrue();
        } finally {
            sleep.destroyForcibly();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void jvmWithoutJdwpNamesTheFlagWhenJdwpIsAskedFor(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, null, "Idle")) {
            assertOneLineFailure(Tool.run(null, "dump", "--pid", Long.toString(target.pid()), "--via", "jdwp"),
                    "restart it with -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0");
            assertThat(target.alive()).isTrue();
        }
    }

    @Test
    void dormantJdwpOnJdk17IsWokenUp() throws Exception {
        try (TargetJvm target = TargetJvm.start(Jdk.JDK17, TargetJvm.JDWP_DORMANT, "StuckCheckout")) {
            Tool.Result result = Tool.run(null, "attach", "--pid", Long.toString(target.pid()), "--exec", "tasks --name restock");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("restock");
        }
    }

    @Test
    void badUsageIsOneLine() throws Exception {
        Tool.Result result = Tool.run(null, "dump", "--pid", "abc");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).contains("Invalid value for option '--pid'", "async-inspect dump --help").doesNotContain("Exception");
    }

    @Test
    void targetThatExitsMidSessionIsReportedAndTheReplCarriesOn() throws Exception {
        try (TargetJvm target = TargetJvm.start(Jdk.JDK25, TargetJvm.JDWP, "StuckCheckout")) {
            Tool.Result result;
            try (Conversation tool = Conversation.attach(target)) {
                tool.ask("tasks --name auditor", "auditor", 60);
                target.kill();
                result = tool.finish("refresh", "help");
            }
            assertThat(result.out()).contains("auditor").contains("tasks");
            assertThat(result.errLines()).anyMatch(l -> l.matches(".*the target( \\(pid \\d+\\))? exited.*"));
            assertThat(result.err()).doesNotContain("\tat ");
        }
    }
}
