package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scripted REPL sessions: commands from stdin or --exec, bad commands answered in one line. */
@JvmTier
class ReplTest {

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void scriptedSessionFromStdin(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "StuckCheckout")) {
            Tool.Result result = Tool.run("tasks --kind future\nthreads\nfrobnicate\ntask nope\ntasks --kind bogus\n"
                    + "tasks --name checkout-worker --waiting\nquit\ntasks\n", "attach", "--pid", Long.toString(target.pid()));
            assertThat(result.exitCode()).as("a script that met failures says so").isEqualTo(1);
            assertThat(result.out()).contains("thenCompose(StuckCheckout.checkout)").contains("restock").contains("auditor")
                    .contains("checkout-worker");
            assertThat(result.errLines()).containsExactly(
                    "error: unknown command 'frobnicate' (try help)",
                    "error: no task 'nope' (see tasks)",
                    "error: unknown task kind 'bogus' (thread, virtual-thread, future, coroutine, reactive)",
                    "async-inspect: 3 commands failed, the first: frobnicate");
            assertThat(result.out().lines().filter(l -> l.startsWith("ID")).count())
                    .as("tasks after quit must not run").isEqualTo(3);
            assertThat(target.alive()).isTrue();
        }
    }

    @Test
    void execRunsCommandsAndFailsOnABadOne() throws Exception {
        try (TargetJvm target = TargetJvm.start(Jdk.JDK17, TargetJvm.JDWP, "StuckCheckout")) {
            String pid = Long.toString(target.pid());
            Tool.Result ok = Tool.run(null, "attach", "--pid", pid, "--exec", "tasks; threads");
            assertThat(ok.exitCode()).isZero();
            assertThat(ok.out()).contains("checkout-worker");
            Tool.Result bad = Tool.run(null, "attach", "--pid", pid, "--exec", "task f0");
            assertThat(bad.exitCode()).isNotZero();
            assertThat(bad.errLines()).containsExactly("error: no task 'f0' (see tasks)",
                    "async-inspect: 1 command failed, the first: task f0");
            Tool.Result readOnly = Tool.run("tasks\nbreak StuckCheckout.settle\nquit\n", "attach", "--pid", pid, "--via", "agent");
            assertThat(readOnly.exitCode()).isEqualTo(1);
            assertThat(readOnly.err()).contains("read-only").contains("the first: break StuckCheckout.settle");
        }
    }

    @Test
    void dumpToAFileIsPrivate(@TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start(Jdk.JDK25, TargetJvm.JDWP, "StuckCheckout")) {
            Path file = dir.resolve("snapshot.json");
            Tool.Result result = Tool.run(null, "dump", "--pid", Long.toString(target.pid()), "--format", "json",
                    "--output", file.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Snapshots.parse(Files.readString(file)).get("tasks").size()).isGreaterThan(5);
        }
    }

    @Test
    void runStartsTheProgramWithLoopbackJdwpAndKeepsItsOutput() throws Exception {
        Tool.Result result = Tool.run(null, "run", "--settle", "1500", "--exec", "tasks --kind future", "--",
                Jdk.JDK17.java().toString(), "-cp", TargetJvm.examplesClasspath(), "dev.asyncinspect.examples.StuckCheckout");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("READY").contains("thenCompose(StuckCheckout.checkout)");
        assertThat(result.out()).doesNotContain("Listening for transport");
    }
}
