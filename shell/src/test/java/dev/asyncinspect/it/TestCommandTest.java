package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code async-inspect test} around the real {@code mvn test} of a real project (Surefire, JUnit 5,
 * Java and Kotlin tests): each hang found, named down to its stuck suspension point, its trace
 * written, its fork ended, and the exit code saying which.
 */
class TestCommandTest {

    private static final Path SUITE = Path.of("..", "examples-suite").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @BeforeAll
    static void compileTheSuite() throws Exception {
        ProcessBuilder compile = new ProcessBuilder("mvn", "-B", "-q", "test-compile").directory(SUITE.toFile())
                .redirectErrorStream(true);
        compile.environment().put("JAVA_HOME", Jdk.JDK17.home().toString());
        compile.environment().put("MAVEN_OPTS", "");
        Process mvn = compile.start();
        String output = new String(mvn.getInputStream().readAllBytes());
        assertThat(mvn.waitFor()).as(output).isZero();
    }

    private Tool.Result test(Jdk jdk, Map<String, String> environment, String testClass, String... options) throws Exception {
        Map<String, String> all = new HashMap<>(environment);
        all.put("JAVA_HOME", jdk.home().toString());
        // The build's own Maven options may name flags the suite's JDK lacks (scripts/test's are for JDK 25).
        all.put("MAVEN_OPTS", "");
        List<String> args = new java.util.ArrayList<>(List.of("test"));
        args.addAll(List.of(options));
        args.addAll(List.of("--trace", dir.resolve("trace.json").toString(), "--", "mvn", "-B", "-q", "test", "-Dtest=" + testClass));
        Tool.Result result = Tool.runIn(SUITE, all, 240, args.toArray(String[]::new));
        assertThat(forksLeft()).as("the suite's JVMs left running").isEmpty();
        return result;
    }

    /** Surefire's forks of this suite still running. */
    private static List<ProcessHandle> forksLeft() throws InterruptedException {
        Thread.sleep(500);
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(SUITE + "/target/surefire"))
                .toList();
    }

    @Test
    void aCoroutineHangIsNamedDownToItsSuspensionPointOnJdk17() throws Exception {
        Tool.Result result = test(Jdk.JDK17, Map.of(), "ProfileTest", "--timeout", "5s", "--fail-on-hang",
                "--junit-xml", dir.resolve("junit.xml").toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        assertThat(result.out()).contains("Found test stuck at:", "ProfileTest.loadsProfile  (pid ",
                "runs runBlocking's event loop until coroutine c", "ProfileTest.loadProfile()  ProfileTest.kt:22",
                "ProfileTest.fetchPosts()  ProfileTest.kt:28  ◄── SUSPENDED", "userId = 42", "awaits CompletableFuture f",
                "nothing in the target says who will end that wait: the root cause", "Trace written to");
        assertThat(result.err()).contains("async-inspect: watching pid").doesNotContain("\tat ");
        JsonNode trace = new ObjectMapper().readTree(dir.resolve("trace.json").toFile());
        SnapshotSchema.assertValid("the hang's trace", Files.readString(dir.resolve("trace.json")));
        assertThat(trace.findValues("inStateMs")).isNotEmpty();
        assertThat(Files.readString(dir.resolve("trace.chrome.json"))).contains("traceEvents");
        assertThat(Files.readString(dir.resolve("junit.xml")))
                .contains("<testcase classname=\"dev.asyncinspect.suite.ProfileTest\" name=\"loadsProfile\">", "<failure message=");
    }

    @Test
    void aJoinHangOnJdk25IsAnnotatedForGitHub() throws Exception {
        Tool.Result result = test(Jdk.JDK25, Map.of("GITHUB_ACTIONS", "true"), "CheckoutTest", "--timeout", "4s", "--fail-on-hang");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        assertThat(result.out()).contains("CheckoutTest.waitsForPayment", "CheckoutTest.waitsForPayment()  CheckoutTest.java:16",
                "orderId = \"order-17\"", "blocked in CompletableFuture.join on f", "thenApply(CheckoutTest.waitsForPayment)",
                "::error file=src/test/java/dev/asyncinspect/suite/CheckoutTest.java,line=16,title=hung%3A ");
    }

    @Test
    void aRunTestBodyOnJdk25IsFollowedIntoItsCoroutine() throws Exception {
        Tool.Result result = test(Jdk.JDK25, Map.of(), "InventoryTest", "--timeout", "4s", "--fail-on-hang");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        assertThat(result.out()).contains("InventoryTest.countsStock  (pid ", "runs runBlocking's event loop until coroutine c",
                "joins Job c", "\"TestScopeImpl#", "InventoryTest.awaitRestock()  InventoryTest.kt:21  ◄── SUSPENDED",
                "shelf = \"A-lamp\"", "awaits Deferred CompletableDeferredImpl@");
    }

    @Test
    void aDeadlockEndsTheBuildAtOnceWithFailOnDeadlock() throws Exception {
        Tool.Result result = test(Jdk.JDK17, Map.of(), "LedgerTest", "--timeout", "60s", "--fail-on-deadlock");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).contains("Found a deadlock in pid", "during LedgerTest.transfersBothWays", "DEADLOCK DETECTED",
                "thread t", "\"debit\" blocked entering monitor", "LedgerTest.twoLocks LedgerTest.java:25");
    }

    @Test
    void aPassingSuiteKeepsItsExitCodeAndIsQuiet() throws Exception {
        Tool.Result result = test(Jdk.JDK25, Map.of(), "PassingTest", "--timeout", "30s", "--fail-on-hang");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("Found", "Trace written");
        // Maven's JVM at least; a fork that ends within a tick of its start may go unseen, and needs no watching.
        assertThat(result.err().lines().filter(l -> l.startsWith("async-inspect:")))
                .allMatch(l -> l.startsWith("async-inspect: watching pid")).isNotEmpty();
        assertThat(dir.resolve("trace.json")).doesNotExist();
    }

    @Test
    void aJvmStartedWithoutTheAgentIsRecordedLateAndHangsWhenNothingMoves() throws Exception {
        Path classes = Path.of("..", "examples", "target", "classes").toAbsolutePath().normalize();
        Tool.Result result = Tool.runIn(dir, Map.of(), 120, "test", "--timeout", "4s", "--fail-on-hang", "--", "env",
                "-u", "JAVA_TOOL_OPTIONS", Jdk.JDK17.java().toString(), "-cp", classes.toString(),
                "dev.asyncinspect.examples.StuckCheckout");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        assertThat(result.err()).contains("recorded from now: it started without the agent");
        assertThat(result.out()).contains("Found a JVM where no task has moved for", "\"checkout-worker\"",
                "StuckCheckout.settle()  StuckCheckout.java:73", "blocked in CompletableFuture.join on f");
        assertThat(dir.resolve("async-inspect-trace.json")).exists();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains("dev.asyncinspect.examples.StuckCheckout"))).isEmpty();
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Tool.Result none = Tool.run(null, "test", "--timeout", "5s");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no command to run");
        Tool.Result missing = Tool.run(null, "test", "--", "no-such-command-here");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errLines()).first().asString().contains("cannot run 'no-such-command-here': no such command");
        Tool.Result badTimeout = Tool.run(null, "test", "--timeout", "soon", "--", "true");
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("'soon' is not a duration").doesNotContain("\tat ");
        Tool.Result noJvm = Tool.run(null, "test", "--", "sh", "-c", "exit 7");
        assertThat(noJvm.exitCode()).isEqualTo(7);
        assertThat(noJvm.err()).doesNotContain("watching");
    }
}
