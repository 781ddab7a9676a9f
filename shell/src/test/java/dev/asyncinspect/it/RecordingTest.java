package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Recording a running coroutine app, its timeline and statistics, and every export checked by its format. */
@JvmTier
class RecordingTest {

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"JDWP_17", "JDWP_25", "PROBES_JDWP_25"})
    void recordTimelineStatsAndExports(Route route, @TempDir Path dir) throws Exception {
        try (TargetJvm target = route.start("kotlin.pump.PumpKt")) {
            Tool.Result result = Conversation.recording(target, 3, "timeline --limit 40", "stats",
                    "export json " + dir.resolve("s.json"), "export csv " + dir.resolve("s.csv"),
                    "export chrome " + dir.resolve("trace.json"), "export folded " + dir.resolve("stacks.folded"),
                    "export svg " + dir.resolve("flame.svg"), "top --count 2 --interval 1 --limit 3");
            assertThat(result.exitCode()).as(result.err()).isZero();
            int refillOpen = SourceLines.of("Pump.kt", "refillOpen");
            int refillClose = SourceLines.of("Pump.kt", "refillClose");
            // A fresh refill starts inside pump's run and suspends before pump does: that first suspension is recorded too.
            assertThat(result.out()).containsPattern("recorded \\d+ events")
                    .containsPattern("c\\d+ +started +\\S+PumpKt.refill\n.*c\\d+ +suspended at state 1 +\\S+PumpKt.refill  Pump.kt:"
                            + refillOpen + "\n.*c\\d+ +suspended at state 1 +\\S+PumpKt.pump  Pump.kt:")
                    .containsPattern("resumed from state 1 +\\S+PumpKt.refill  Pump.kt:" + refillOpen)
                    .containsPattern("resumed from state 2 +\\S+PumpKt.refill  Pump.kt:" + refillClose + "\n.*completed +\\S+PumpKt.refill\n")
                    .containsPattern("PumpKt.refill +state 2 +Pump.kt:" + refillClose + " +\\d+ +4\\d\\.\\d\\d")
                    .containsPattern("PumpKt.refill +state 1 +Pump.kt:" + refillOpen + " +\\d+ +[34]\\d\\.\\d\\d");

            JsonNode json = Snapshots.parse(Files.readString(dir.resolve("s.json")));
            assertThat(json.get("format").asText()).isEqualTo("async-inspect/1");
            assertThat(json.get("events").size()).isGreaterThan(10);
            assertThat(json.get("events")).allMatch(e -> List.of("resumed", "suspended", "completed").contains(e.get("kind").asText()));

            List<String> csv = Files.readAllLines(dir.resolve("s.csv"));
            assertThat(csv.get(0)).isEqualTo("record,id,kind,name,state,function,location,waiting_for,time_ms");
            assertThat(csv).anyMatch(l -> l.startsWith("task,")).anyMatch(l -> l.startsWith("event,c"));
            assertThat(csv.stream().skip(1).map(l -> l.replaceAll("\"[^\"]*\"", "q").split(",", -1).length))
                    .allMatch(n -> n == 9);

            JsonNode trace = Snapshots.parse(Files.readString(dir.resolve("trace.json")));
            assertThat(trace.get("traceEvents").size()).isGreaterThan(5);
            for (JsonNode event : trace.get("traceEvents")) {
                assertThat(event.get("ph").asText()).isIn("X", "M");
                assertThat(event.get("pid").isInt()).isTrue();
                assertThat(event.get("tid").isInt()).isTrue();
                if (event.get("ph").asText().equals("X")) {
                    assertThat(event.get("ts").isNumber()).isTrue();
                    assertThat(event.get("dur").asDouble()).isPositive();
                    assertThat(event.get("name").asText()).isNotBlank();
                    assertThat(event.get("cat").asText()).isIn("run", "suspension");
                } else {
                    assertThat(event.get("name").asText()).isEqualTo("thread_name");
                    assertThat(event.get("args").get("name").asText()).contains("pump");
                }
            }

            List<String> folded = Files.readAllLines(dir.resolve("stacks.folded"));
            assertThat(folded).isNotEmpty().allMatch(l -> l.matches("[^ ;]+(;[^ ;]+)* \\d+"));
            assertThat(folded).anyMatch(l -> l.startsWith("coroutine;") && l.contains("PumpKt.pump"));
            String svg = Files.readString(dir.resolve("flame.svg"));
            assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
                    .contains("<rect").contains("PumpKt.pump");
            assertThat(result.out().lines().filter(l -> l.matches("\\d+ threads, .* coroutines")).count()).isEqualTo(2);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("trace.json")))).isEqualTo("rw-------");

            assertThat(trace.get("traceEvents")).anyMatch(e -> e.get("name").asText().equals("suspended at refill state 1"))
                    .anyMatch(e -> e.get("name").asText().equals("refill"));
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void futuresCompletingAndThreadsBlockingOnMonitors(Jdk jdk, @TempDir Path dir) throws Exception {
        try (TargetJvm deliveries = TargetJvm.start(jdk, TargetJvm.JDWP, "Deliveries");
             TargetJvm contention = TargetJvm.start(jdk, TargetJvm.JDWP, "Contention")) {
            Tool.Result futures = Conversation.recording(deliveries, 5, "timeline --limit 10",
                    "export chrome " + dir.resolve("futures.json"));
            assertThat(futures.out()).containsPattern("f\\d+ +completed (normally|exceptionally) +dev.asyncinspect.examples"
                    + ".Deliveries.deliver  Deliveries.java:(" + SourceLines.of("Deliveries", "delivered") + "|"
                    + SourceLines.of("Deliveries", "lost") + ")");
            JsonNode instants = Snapshots.parse(Files.readString(dir.resolve("futures.json"))).get("traceEvents");
            assertThat(instants).anyMatch(e -> e.get("ph").asText().equals("i") && e.get("s").asText().equals("t")
                    && e.get("name").asText().matches("completed (normally|exceptionally)") && e.get("ts").isNumber());

            Tool.Result monitors = Conversation.recording(contention, 2, "timeline --limit 10", "stats",
                    "export chrome " + dir.resolve("blocked.json"), "export csv " + dir.resolve("blocked.csv"));
            int audit = SourceLines.of("Contention", "audit");
            assertThat(monitors.out()).containsPattern("t\\d+ +blocked on Object +dev.asyncinspect.examples.Contention.\\w+  Contention.java:")
                    .containsPattern("t\\d+ +unblocked +dev.asyncinspect.examples.Contention.\\w+  Contention.java:")
                    .containsPattern("Contention.audit +blocked +Contention.java:" + audit + " +\\d+ +\\d+\\.\\d\\d");
            JsonNode slices = Snapshots.parse(Files.readString(dir.resolve("blocked.json"))).get("traceEvents");
            assertThat(slices).anyMatch(e -> e.get("ph").asText().equals("X") && e.get("cat").asText().equals("blocked")
                    && e.get("name").asText().equals("blocked on Object") && e.get("dur").asDouble() > 0);
            assertThat(Files.readAllLines(dir.resolve("blocked.csv")))
                    .anyMatch(l -> l.matches("event,t\\d+,blocked,,,dev.asyncinspect.examples.Contention.audit,Contention.java:"
                            + audit + ",java.lang.Object,[\\d.]+"));
            deliveries.assertRunsOn();
            contention.assertRunsOn();
        }
    }
}
