package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The no-flags path: what the agent promises beyond the content every route asserts. */
@JvmTier
class AgentTest {

    private static final String AGENT_HOME = System.getProperty("java.io.tmpdir") + "/async-inspect-" + System.getProperty("user.name");

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void hundredSnapshotsInARowAndTheTargetRunsOn(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, null, "Idle")) {
            Tool.Result result = Tool.run("refresh\n".repeat(100) + "quit\n", target, "attach");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out().lines().filter(l -> l.matches("\\d+ threads, .*"))).hasSize(100);
            assertThat(result.err()).isEmpty();
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void readOnlySessionSaysWhichFlagEnablesBreakpoints(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, null, "StuckCheckout")) {
            Tool.Result result = Tool.run("break StuckCheckout.settle\nstep\ntasks --name restock\nquit\n", target, "attach");
            assertThat(result.err()).contains("this session is read-only: breakpoints and stepping need JDWP in the target;"
                    + " start it with " + TargetJvm.JDWP);
            assertThat(result.out()).contains("restock");
            assertThat(target.alive()).isTrue();
        }
    }

    @Test
    void listShowsWhichPathEachJvmOffers() throws Exception {
        try (TargetJvm plain = TargetJvm.start(Jdk.JDK25, null, "Idle");
             TargetJvm quiet = TargetJvm.start(Jdk.JDK25, "-XX:+EnableDynamicAgentLoading", "Idle");
             TargetJvm debuggable = TargetJvm.start(Jdk.JDK17, TargetJvm.JDWP, "Idle")) {
            Tool.Result result = Tool.run(null, "list");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(row(result, plain)).contains("yes, warns*").contains("none");
            assertThat(row(result, quiet)).contains(" yes ").contains("none");
            assertThat(row(result, debuggable)).contains(" yes ").contains("jdwp listening");
            assertThat(result.out()).contains("JEP 451").contains("-XX:+EnableDynamicAgentLoading");
        }
    }

    private static String row(Tool.Result list, TargetJvm target) {
        return list.out().lines().filter(l -> l.startsWith(target.pid() + " ")).findFirst().orElseThrow();
    }

    @Test
    void aTargetThatForbidsAgentsIsReadThroughJdwpOrNamesTheFlags() throws Exception {
        try (TargetJvm forbidding = TargetJvm.start(Jdk.JDK25, "-XX:-EnableDynamicAgentLoading", "Idle")) {
            Tool.Result result = Tool.run(null, forbidding, "dump");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.errLines()).hasSize(1);
            assertThat(result.err()).contains("forbids loading agents (-XX:-EnableDynamicAgentLoading)")
                    .doesNotContain("\tat ");
        }
        try (TargetJvm both = TargetJvm.start(Jdk.JDK25, TargetJvm.JDWP + " -XX:-EnableDynamicAgentLoading", "Idle")) {
            Tool.Result result = Tool.run(null, both, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(Snapshots.parse(result.out()).get("vm").get("source").asText()).isEqualTo("jdwp");
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void aTargetThatExitsDuringTheSnapshotGivesOneLine(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, null, "ManyFutures", "300000")) {
            Set<Path> before = answerDirectories();
            Process tool = Tool.start(target, "dump");
            awaitNewAnswerDirectory(before, 30);
            awaitAgentRunning(target, 30);
            target.kill();
            Tool.Result result = Tool.finish(tool, 60);
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.errLines()).hasSize(1);
            assertThat(result.err()).contains("exited").doesNotContain("\tat ");
        }
    }

    /** The tool makes a private directory for the agent's answer just before it loads the agent. */
    private static void awaitNewAnswerDirectory(Set<Path> before, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!before.containsAll(answerDirectories())) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("the tool never started a snapshot");
    }

    /**
     * The agent runs in the target: its JVMTI library, which it loads before it looks at the heap, is mapped into the
     * target's memory. ManyFutures' 300,000 pending futures keep it busy well after that.
     */
    private static void awaitAgentRunning(TargetJvm target, int seconds) throws Exception {
        Path maps = Path.of("/proc", Long.toString(target.pid()), "maps");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.readString(maps).contains("libasyncinspect")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("the agent never loaded its library into pid " + target.pid());
    }

    private static Set<Path> answerDirectories() throws IOException {
        if (!Files.exists(Path.of(AGENT_HOME))) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(Path.of(AGENT_HOME))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("snapshot-")).collect(Collectors.toSet());
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void privateFilesStayPrivate(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, null, "Idle")) {
            Set<Path> before = answerDirectories();
            JsonNode snapshot = Snapshots.parse(Tool.run(null, target, "dump", "--format", "json").out());
            assertThat(snapshot.get("vm").get("source").asText()).isEqualTo("agent");
            assertThat(Files.getPosixFilePermissions(Path.of(AGENT_HOME)))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            assertThat(before).containsAll(answerDirectories());   // the answer was read and removed
        }
    }

}
