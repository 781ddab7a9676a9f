package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.WebElement;

/** {@code async-inspect serve}: the page in a real browser, the API, the metrics, the spans, and the target left as it was. */
@JvmTier
class ServeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePageShowsLiveTasksATaskDetailTheTreeTheGraphAndTheTimeline() throws Exception {
        try (TargetJvm target = TargetJvm.start(Jdk.JDK17, null, "kotlin.StuckOrdersKt");
             Served served = Served.start("--pid", Long.toString(target.pid()));
             Browser browser = new Browser()) {
            browser.open(served.url());
            browser.awaitText("#task-table tbody", "checkout-12345", 90);
            assertThat(browser.one("#targets button.active").getText()).contains(Long.toString(target.pid()));
            row(browser, "checkout-12345").click();
            browser.awaitText("#detail", "fetchPrice", 10);
            String detail = browser.one("#detail").getDomProperty("textContent");
            int fetchPrice = SourceLines.of("StuckOrders.kt", "fetchPrice");
            assertThat(detail).contains("coroutine \"checkout-12345\"", "StuckOrders.kt:" + fetchPrice, "orderId = 12345", "currency",
                    "Waits for", "Waited for by");
            browser.screenshot("serve-task-detail");

            // Live: a new look arrives by itself and the page redraws it, keeping the open task.
            String status = browser.one("#status").getText();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (browser.one("#status").getText().equals(status) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            assertThat(browser.one("#status").getText()).as("a later look").isNotEqualTo(status).contains("recording");
            assertThat(browser.one("#detail").getText()).contains("fetchPrice");

            // Filter (it searches names, stacks and values) and sort.
            int all = browser.all("#task-table tbody tr").size();
            browser.one("#filter").sendKeys("shipper");
            browser.awaitText("#task-count", "of", 5);
            assertThat(browser.all("#task-table tbody tr")).hasSizeBetween(1, all - 1)
                    .anyMatch(tr -> tr.getText().contains("coroutine shipper"));
            browser.one("#filter").clear();
            browser.script("document.getElementById('filter').dispatchEvent(new Event('input'))");
            browser.one("th[data-sort='name']").click();
            List<String> names = browser.all("#task-table tbody tr td:nth-child(3)").stream().map(WebElement::getText).toList();
            // In the reader's order (case and punctuation aside), and reversed by a second click.
            assertThat(names.stream().map(n -> n.isEmpty() ? ' ' : Character.toLowerCase(n.charAt(0))).toList()).isSorted();
            browser.one("th[data-sort='name']").click();
            List<String> reversed = new java.util.ArrayList<>(browser.all("#task-table tbody tr td:nth-child(3)").stream()
                    .map(WebElement::getText).toList());
            java.util.Collections.reverse(reversed);
            assertThat(reversed).isEqualTo(names);

            browser.one("button[data-view='tree']").click();
            browser.awaitText("#tree", "checkout-12345", 10);
            assertThat(browser.one("#tree").getText()).contains("orders", "inventory", "shipper");
            browser.screenshot("serve-tree");

            browser.one("button[data-view='graph']").click();
            browser.await("#graph svg .node", 10);
            // The shipper awaits the inventory Deferred: an edge between the two.
            assertThat(browser.all("#graph svg path.edge")).isNotEmpty();
            browser.screenshot("serve-graph");

            browser.one("button[data-view='timeline']").click();
            browser.await("#timeline svg, #timeline p", 20);

            assertThat(browser.one("#download-json").getAttribute("href")).endsWith("/api/trace.json?pid=" + target.pid());
            assertThat(browser.consoleProblems()).as("console").isEmpty();
            assertThat(served.stop()).as(String.join("\n", served.err())).isEqualTo(Served.STOPPED);
        }
    }

    @Test
    void aDeadlockIsMarkedInTheGraphAndExplainedAndTheApiAnswersInJson() throws Exception {
        try (TargetJvm target = TargetJvm.start(Jdk.JDK25, null, "Deadlocks", "monitors");
             Served served = Served.start("--pid", Long.toString(target.pid()));
             Browser browser = new Browser()) {
            String snapshot = served.await("/api/snapshot", body -> body.contains("\"deadlocks\":[{"), 90);
            SnapshotSchema.assertValid("/api/snapshot", snapshot);
            JsonNode deadlock = JSON.readTree(snapshot).get("deadlocks").get(0);
            String first = deadlock.get("tasks").get(0).asText();

            Served.Answer task = served.get("/api/tasks/" + first);
            assertThat(task.status()).isEqualTo(200);
            assertThat(JSON.readTree(task.body()).get("id").asText()).isEqualTo(first);
            assertThat(JSON.readTree(task.body()).get("waitingFor").get(0).get("kind").asText()).isEqualTo("monitor");
            assertJsonError(served.get("/api/tasks/t999999"), 404, "no task 't999999'");
            assertJsonError(served.get("/api/snapshot?pid=1"), 404, "no target with pid '1'");
            assertJsonError(served.get("/no/such/page"), 404, "no such path");
            assertJsonError(served.getAs("attacker.example:80", "/api/snapshot"), 403, "loopback");

            String metrics = served.await("/metrics", body -> body.contains("async_inspect_deadlocks{pid=\"" + target.pid() + "\"} 1.0"), 30);
            assertThat(metrics).contains("async_inspect_tasks{kind=\"thread\",pid=\"" + target.pid() + "\",state=\"waiting\"}",
                    "async_inspect_snapshot_seconds_count{pid=\"" + target.pid() + "\"}");
            // Scrapes read the latest look: twenty in a row cost the target at most the one look that falls among them.
            long looks = snapshotCount(metrics, target.pid());
            for (int i = 0; i < 20; i++) {
                metrics = served.get("/metrics").body();
            }
            assertThat(snapshotCount(metrics, target.pid())).isBetween(looks, looks + 1);
            assertThat(served.get("/api/trace.chrome.json").body()).contains("traceEvents");

            browser.open(served.url());
            browser.awaitText("#deadlock-count", "(1)", 30);
            browser.one("button[data-view='graph']").click();
            browser.await("#graph svg .node.cycle", 10);
            assertThat(browser.all("#graph svg path.edge.cycle")).hasSize(2);
            browser.screenshot("serve-deadlock-graph");
            browser.one("button[data-view='deadlocks']").click();
            browser.awaitText("#deadlocks", "Deadlock 1", 10);
            assertThat(browser.one("#deadlocks pre").getText().strip()).isEqualTo(deadlock.get("description").asText().strip());
            browser.one("#deadlocks a.task").click();
            browser.awaitText("#detail", first, 10);
            assertThat(browser.consoleProblems()).as("console").isEmpty();
        }
    }

    @Test
    void valuesFromTheTargetAreShownAsTextNeverRun() throws Exception {
        try (TargetJvm target = TargetJvm.start(Jdk.JDK17, null, "Markup");
             Served served = Served.start("--pid", Long.toString(target.pid()));
             Browser browser = new Browser()) {
            browser.open(served.url());
            browser.awaitText("#task-table tbody", "<img src=x", 90);
            row(browser, "<img src=x").click();
            browser.awaitText("#detail", "<script>window.pwned", 10);
            assertThat(browser.script("return window.pwned === undefined && document.querySelectorAll('#detail img, #detail script, tbody img').length === 0"))
                    .isEqualTo(true);
            assertThat(browser.consoleProblems()).as("console").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void recordedSuspensionsBecomeHistogramsAndSpansAndTheTargetIsLeftAsItWas(Jdk jdk) throws Exception {
        int refillOpen = SourceLines.of("Pump.kt", "refillOpen");
        try (TargetJvm target = TargetJvm.start(jdk, null, "kotlin.pump.PumpKt");
             OtlpReceiver collector = new OtlpReceiver();
             Served served = Served.start("--pid", Long.toString(target.pid()), "--otlp", collector.url())) {
            String suspendedAt = "location=\"Pump.kt:" + refillOpen + "\"";
            String metrics = served.await("/metrics", body -> body.lines().anyMatch(l -> l.startsWith("async_inspect_suspended_seconds_count")
                    && l.contains(suspendedAt) && !l.endsWith(" 0")), 90);
            assertThat(metrics).contains("function=\"dev.asyncinspect.examples.kotlin.pump.PumpKt.refill\"");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (collector.spans().stream().noneMatch(s -> s.span().getName().equals("suspended at Pump.kt:" + refillOpen))
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            List<OtlpReceiver.Received> spans = collector.spans();
            OtlpReceiver.Received suspension = spans.stream().filter(s -> s.span().getName().equals("suspended at Pump.kt:" + refillOpen))
                    .findFirst().orElseThrow(() -> new AssertionError("no suspension span among " + spans.size() + " spans; serve said "
                            + served.err()));
            assertThat(collector.contentTypes()).allMatch(type -> type.startsWith("application/x-protobuf"));
            assertThat(suspension.attribute("code.line.number")).isEqualTo(Integer.toString(refillOpen));
            assertThat(suspension.attribute("code.file.path")).isEqualTo("Pump.kt");
            assertThat(suspension.resourceAttribute("process.pid")).isEqualTo(Long.toString(target.pid()));
            long nanos = suspension.span().getEndTimeUnixNano() - suspension.span().getStartTimeUnixNano();
            assertThat(nanos).as("delay(40)").isBetween(TimeUnit.MILLISECONDS.toNanos(35), TimeUnit.SECONDS.toNanos(5));
            assertThat(Math.abs(suspension.span().getEndTimeUnixNano() / 1_000_000 - System.currentTimeMillis()))
                    .as("span times are wall-clock times").isLessThan(120_000);
            assertThat(spans).anyMatch(s -> s.span().getName().startsWith("run ") && s.attribute("async_inspect.task.id") != null
                    && s.span().getTraceId().equals(suspension.span().getTraceId()));

            String trace = served.get("/api/trace.json").body();
            assertThat(JSON.readTree(trace).get("events").size()).isPositive();

            try (Browser browser = new Browser()) {
                browser.open(served.url());
                browser.awaitText("#task-table tbody", "pump", 60);
                browser.one("button[data-view='timeline']").click();
                browser.await("#timeline svg .seg-suspended", 20);
                assertThat(browser.all("#timeline svg .seg-run")).isNotEmpty();
                assertThat(browser.one("#timeline svg").getText()).contains("pump");
                browser.screenshot("serve-timeline");
                assertThat(browser.consoleProblems()).as("console").isEmpty();
            }

            assertThat(served.stop()).isEqualTo(Served.STOPPED);
            target.assertRunsOn();
            assertRecorderGone(target);
        }
    }

    @Test
    void timeBlockedOnAMonitorBecomesAHistogramPerMonitor() throws Exception {
        try (TargetJvm target = TargetJvm.start(Jdk.JDK17, null, "Contention");
             Served served = Served.start("--pid", Long.toString(target.pid()))) {
            String metrics = served.await("/metrics", body -> body.lines().anyMatch(l -> l.startsWith("async_inspect_blocked_seconds_count")
                    && !l.endsWith(" 0")), 90);
            assertThat(metrics.lines().filter(l -> l.startsWith("async_inspect_blocked_seconds_count")))
                    .anyMatch(l -> l.contains("monitor=\"java.lang.Object") && l.contains("pid=\"" + target.pid() + "\""));
            assertThat(served.stop()).isEqualTo(Served.STOPPED);
            target.assertRunsOn();
        }
    }

    @Test
    void killedHardTheServerLeavesTheTargetRunningAndItsRecorderGoneWithinTheLease() throws Exception {
        try (TargetJvm target = TargetJvm.start(Jdk.JDK25, null, "kotlin.pump.PumpKt");
             Served served = Served.start("--pid", Long.toString(target.pid()))) {
            served.await("/api/targets", body -> body.contains("\"recording\":true"), 90);
            served.kill();
            target.assertRunsOn();
            TimeUnit.SECONDS.sleep(11);   // the lease: ten seconds without renewal
            assertRecorderGone(target);
        }
    }

    @Test
    void allServesEveryLocalJvmInATabOfItsOwn() throws Exception {
        try (TargetJvm idle = TargetJvm.start(Jdk.JDK17, null, "Idle");
             TargetJvm orders = TargetJvm.start(Jdk.JDK25, null, "kotlin.StuckOrdersKt");
             Served served = Served.start("--all");
             Browser browser = new Browser()) {
            served.await("/api/targets", body -> body.contains("\"pid\":" + idle.pid()) && body.contains("\"pid\":" + orders.pid()), 60);
            browser.open(served.url());
            browser.await("#targets button[data-pid='" + orders.pid() + "']", 30).click();
            browser.awaitText("#task-table tbody", "checkout-12345", 60);
            browser.one("#targets button[data-pid='" + idle.pid() + "']").click();
            browser.awaitText("#status", "snapshot", 30);
            browser.awaitText("#task-table tbody", "main", 30);
            assertThat(browser.one("#task-table tbody").getText()).doesNotContain("checkout-12345");
            served.await("/api/snapshot?pid=" + idle.pid(), body -> body.contains("\"mainClass\":\"dev.asyncinspect.examples.Idle\""), 30);
            assertThat(served.stop()).isEqualTo(Served.STOPPED);
            idle.assertRunsOn();
        }
    }

    @Test
    void badInputGetsOneLineAndANonZeroExit() throws Exception {
        assertOneLine(Tool.run(null, "serve", "--pid", "1", "--bind", "0.0.0.0"), 2, "not a loopback address");
        assertOneLine(Tool.run(null, "serve", "--pid", "1", "--bind", "192.0.2.1"), 2, "not a loopback address");
        assertOneLine(Tool.run(null, "serve", "--pid", "1", "--port", "70000"), 2, "--port must be between 0 and 65535");
        assertOneLine(Tool.run(null, "serve", "--pid", "1", "--otlp", "ftp://collector"), 2, "--otlp wants an http:// or https:// URL");
        assertOneLine(Tool.run(null, "serve"), 2, "Missing required argument");
        assertOneLine(Tool.run(null, "serve", "--pid", "999999", "--port", "0"), 1, "no process with pid 999999");
        try (TargetJvm target = TargetJvm.start(Jdk.JDK17, null, "Idle"); ServerSocket taken = new ServerSocket(0)) {
            assertOneLine(Tool.run(null, "serve", "--pid", Long.toString(target.pid()), "--port", Integer.toString(taken.getLocalPort())),
                    1, "cannot listen on 127.0.0.1:" + taken.getLocalPort());
            target.assertRunsOn();
        }
    }

    @Test
    void theServerEndsWhenItsTargetExits() throws Exception {
        TargetJvm target = TargetJvm.start(Jdk.JDK17, null, "Idle");
        try (Served served = Served.start("--pid", Long.toString(target.pid()))) {
            served.await("/api/targets", body -> body.contains("\"sequence\":1"), 60);
            target.kill();
            assertThat(served.awaitExit(60)).isEqualTo(1);
            assertThat(served.err()).anyMatch(line -> line.contains("the target (pid " + target.pid() + ") exited"));
        } finally {
            target.close();
        }
    }

    private static WebElement row(Browser browser, String text) {
        return browser.all("#task-table tbody tr").stream().filter(tr -> tr.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + text));
    }

    private static long snapshotCount(String metrics, long pid) {
        String series = "async_inspect_snapshot_seconds_count{pid=\"" + pid + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(series)).map(l -> Long.parseLong(l.substring(series.length()).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + "in\n" + metrics));
    }

    private static void assertJsonError(Served.Answer answer, int status, String message) throws Exception {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).get("error").asText()).contains(message);
    }

    private static void assertOneLine(Tool.Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(exitCode);
        assertThat(result.errLines().get(0)).contains(message);
        assertThat(result.err()).doesNotContain("\tat ");
    }

    /** Nothing of the server's recording is left: a new recording can start. */
    private static void assertRecorderGone(TargetJvm target) throws Exception {
        Path out = Files.createTempFile("async-inspect-after-serve", ".json");
        Tool.Result again = Tool.run(null, "record", "--pid", Long.toString(target.pid()), "--duration", "1s", "--output", out.toString(),
                "--format", "json");
        assertThat(again.exitCode()).as(again.err()).isZero();
        Files.deleteIfExists(out);
    }
}
