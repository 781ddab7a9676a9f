package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Recording a running coroutine app, its timeline and statistics, and every export checked by its format. */
class RecordingTest {

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void recordTimelineStatsAndExports(Jdk jdk, @TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "kotlin.pump.PumpKt")) {
            Process tool = Tool.start("attach", "--pid", Long.toString(target.pid()));
            var stdin = tool.getOutputStream();
            stdin.write("record start\n".getBytes());
            stdin.flush();
            TimeUnit.SECONDS.sleep(3);
            String exports = String.join("\n", "record stop", "timeline --limit 20", "stats",
                    "export json " + dir.resolve("s.json"), "export csv " + dir.resolve("s.csv"),
                    "export chrome " + dir.resolve("trace.json"), "export folded " + dir.resolve("stacks.folded"),
                    "export svg " + dir.resolve("flame.svg"), "top --count 2 --interval 1 --limit 3",
                    "quit", "");
            stdin.write(exports.getBytes());
            stdin.close();
            Tool.Result result = Tool.finish(tool, 120);
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("recording (record stop to end it)").containsPattern("recorded \\d+ events")
                    .contains("resumed from state 1").contains("PumpKt.refill  Pump.kt:" + SourceLines.of("Pump.kt", "refillOpen"))
                    .containsPattern("PumpKt.refill +2 +Pump.kt:" + SourceLines.of("Pump.kt", "refillClose") + " +\\d+ +4\\d\\.\\d\\d");

            JsonNode json = Snapshots.parse(Files.readString(dir.resolve("s.json")));
            assertThat(json.get("format").asText()).isEqualTo("async-inspect/1");
            assertThat(json.get("events").size()).isGreaterThan(10);
            assertThat(json.get("events").get(0).get("kind").asText()).isIn("resumed", "left");

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

            int before = target.output().size();
            TimeUnit.MILLISECONDS.sleep(1000);
            assertThat(target.output().size()).as("target must run on after quit").isGreaterThan(before + 3);
        }
    }
}
