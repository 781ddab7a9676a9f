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

/**
 * Recording inside the target through the agent (on JVMs started with no flags, with the coroutine
 * debug agent, and in a JDWP session): the timeline, statistics and every export checked by its
 * format; futures' completions and threads' waits; the probes taken out again, by {@code record stop}
 * and by the target itself when the tool is killed.
 */
@JvmTier
class RecordingTest {

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"AGENT_17", "AGENT_25", "PROBES_AGENT_17", "JDWP_25"})
    void recordTimelineStatsAndExports(Route route, @TempDir Path dir) throws Exception {
        try (TargetJvm target = route.start("kotlin.pump.PumpKt")) {
            Tool.Result result = Conversation.recording(target, 3, "timeline --limit 60", "stats",
                    "export json " + dir.resolve("s.json"), "export csv " + dir.resolve("s.csv"),
                    "export chrome " + dir.resolve("trace.json"), "export folded " + dir.resolve("stacks.folded"),
                    "export svg " + dir.resolve("flame.svg"), "top --count 2 --interval 1 --limit 3");
            assertThat(result.exitCode()).as(result.err()).isZero();
            int refillOpen = SourceLines.of("Pump.kt", "refillOpen");
            int refillClose = SourceLines.of("Pump.kt", "refillClose");
            // The runtime's own probes: the innermost suspension, each resume, and a callee completed as its caller resumes.
            assertThat(result.out()).containsPattern("recorded \\d+ events in [\\d.]+ s; probes removed")
                    .doesNotContain("bytecodes differ")
                    .containsPattern("c\\d+ +suspended at state 1 +\\S+PumpKt.refill  Pump.kt:" + refillOpen)
                    .containsPattern("resumed from state 1 +\\S+PumpKt.refill  Pump.kt:" + refillOpen)
                    .containsPattern("resumed from state 2 +\\S+PumpKt.refill  Pump.kt:" + refillClose
                            + "\n.*c\\d+ +completed +\\S+PumpKt.refill\n.*resumed from state 1 +\\S+PumpKt.pump  Pump.kt:")
                    .containsPattern("PumpKt.refill +state 2 +Pump.kt:" + refillClose + " +\\d+ +4\\d\\.\\d\\d")
                    .containsPattern("PumpKt.refill +state 1 +Pump.kt:" + refillOpen + " +\\d+ +[34]\\d\\.\\d\\d")
                    .containsPattern("PumpKt.main +parked +Pump.kt:\\d+ +\\d+");
            SnapshotSchema.assertValid("the recorded snapshot", Files.readString(dir.resolve("s.json")));
            JsonNode json = Snapshots.parse(Files.readString(dir.resolve("s.json")));
            assertThat(json.get("format").asText()).isEqualTo("async-inspect/1");
            assertThat(json.get("events").size()).isGreaterThan(10);
            assertThat(json.get("events")).anyMatch(e -> e.get("kind").asText().equals("resumed"))
                    .anyMatch(e -> e.get("kind").asText().equals("parked"));

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
                    assertThat(event.get("cat").asText()).isIn("run", "suspension", "blocked");
                } else {
                    assertThat(event.get("name").asText()).isEqualTo("thread_name");
                    assertThat(event.get("args").get("name").asText()).isNotBlank();
                }
            }

            List<String> folded = Files.readAllLines(dir.resolve("stacks.folded"));
            assertThat(folded).isNotEmpty().allMatch(l -> l.matches("[^ ;]+(;[^ ;]+)* \\d+"));
            assertThat(folded).anyMatch(l -> l.startsWith("coroutine;") && l.contains("PumpKt.pump"));
            String svg = Files.readString(dir.resolve("flame.svg"));
            assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
                    .contains("<rect").contains("PumpKt.pump");
            assertThat(result.out().lines().filter(l -> l.matches("\\d+ threads, .* coroutines, \\d+ reactive pipelines")).count()).isEqualTo(2);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("trace.json")))).isEqualTo("rw-------");

            assertThat(trace.get("traceEvents")).anyMatch(e -> e.get("name").asText().equals("thread_name")
                            && e.get("args").get("name").asText().contains("pump"))
                    .anyMatch(e -> e.get("name").asText().equals("suspended at refill state 1"))
                    .anyMatch(e -> e.get("name").asText().equals("refill"));
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void futuresCompletingAndThreadsBlockingOnMonitors(Jdk jdk, @TempDir Path dir) throws Exception {
        try (TargetJvm deliveries = TargetJvm.start(jdk, TargetJvm.JDWP, "Deliveries");
             TargetJvm contention = TargetJvm.start(jdk, TargetJvm.JDWP, "Contention")) {
            Tool.Result futures = Conversation.recording(deliveries, 5, "timeline --limit 400",
                    "export chrome " + dir.resolve("futures.json"));
            assertThat(futures.out()).containsPattern("f\\d+ +completed (normally|exceptionally) +dev.asyncinspect.examples"
                    + ".Deliveries.deliver  Deliveries.java:(" + SourceLines.of("Deliveries", "delivered") + "|"
                    + SourceLines.of("Deliveries", "lost") + ")");
            JsonNode instants = Snapshots.parse(Files.readString(dir.resolve("futures.json"))).get("traceEvents");
            assertThat(instants).anyMatch(e -> e.get("ph").asText().equals("i") && e.get("s").asText().equals("t")
                    && e.get("name").asText().matches("completed (normally|exceptionally)") && e.get("ts").isNumber());

            Tool.Result monitors = Conversation.recordingWith("record start --jfr-threshold 0ms", contention, 2, "timeline --limit 2000", "stats",
                    "export chrome " + dir.resolve("blocked.json"), "export csv " + dir.resolve("blocked.csv"));
            int audit = SourceLines.of("Contention", "audit");
            assertThat(monitors.out()).containsPattern("t\\d+ +blocked on Object +dev.asyncinspect.examples.Contention.\\w+  Contention.java:")
                    .containsPattern("t\\d+ +runs again +dev.asyncinspect.examples.Contention.\\w+  Contention.java:")
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

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"AGENT_17", "AGENT_25"})
    void timesInStateAndTheStepsOfARecordedCoroutine(Route route, @TempDir Path dir) throws Exception {
        try (TargetJvm target = route.start("kotlin.pump.PumpKt");
             Conversation tool = Conversation.attach(target)) {
            tool.ask("record start", "^recording", 60);
            TimeUnit.SECONDS.sleep(2);
            String tasks = tool.ask("tasks", "pump", 60);
            // The pump suspended moments ago: exact. The plant never moved while recorded: at least that long.
            String pump = Conversation.group(tasks, "^(c\\d+) +coroutine +suspended +\\d+ ms +pump ", 1);
            assertThat(tasks).containsPattern("(?m)^c\\d+ +coroutine +completing +≥ \\d\\.\\d s +plant ");
            assertThat(tool.ask("task " + pump, "state:", 60)).containsPattern("state: suspended for \\d+ ms");
            assertThat(tool.ask("timeline " + pump + " --limit 3", "resumed", 60))
                    .containsPattern(pump + ": resumed \\d+ times while recorded")
                    .containsPattern("PumpKt.refill +state 1 +Pump.kt:\\d+ +passed \\d+×, 4\\d ms on average")
                    .containsPattern("◄── STUCK \\d+ ms");
            tool.ask("export json " + dir.resolve("timed.json"), "wrote", 60);
            SnapshotSchema.assertValid("the timed snapshot", Files.readString(dir.resolve("timed.json")));
            JsonNode json = Snapshots.parse(Files.readString(dir.resolve("timed.json")));
            JsonNode timed = null;
            for (JsonNode task : json.get("tasks")) {
                if (task.get("id").asText().equals(pump)) {
                    timed = task;
                }
            }
            assertThat(timed).isNotNull();
            assertThat(timed.get("inStateMs").asDouble()).isBetween(0.0, 1000.0);
            assertThat(timed.get("inStateExact").asBoolean()).isTrue();
            assertThat(tool.finish("record stop").exitCode()).isZero();
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void recordStopAndAKilledToolBothLeaveNothingBehind(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, null, "kotlin.pump.PumpKt")) {
            try (Conversation tool = Conversation.attach(target)) {
                tool.ask("record start", "^recording", 60);
                assertThat(recorderThreads(jdk, target)).isOne();
                assertThat(tool.finish("record stop").out()).contains("probes removed").doesNotContain("differ");
            }
            assertThat(recorderThreads(jdk, target)).isZero();
            assertThat(recorderObjects(jdk, target)).isEmpty();

            Conversation killed = Conversation.attach(target);
            killed.ask("record start", "^recording", 60);
            long start = System.nanoTime();
            killed.kill();
            while (recorderThreads(jdk, target) > 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
            assertThat(recorderThreads(jdk, target)).as("the recorder ends itself when its lease runs out").isZero();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThanOrEqualTo(12);
            assertThat(recorderObjects(jdk, target)).isEmpty();
            // And it records again, with the same probes put back in.
            Tool.Result again = Conversation.recording(target, 1, "timeline --limit 5");
            assertThat(again.out()).contains("probes removed").containsPattern("PumpKt\\.(refill|pump)");
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void recordFromTheCommandLine(Jdk jdk, @TempDir Path dir) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, null, "kotlin.pump.PumpKt")) {
            Path trace = dir.resolve("trace.json");
            Tool.Result result = Tool.run(null, "record", "--pid", Long.toString(target.pid()), "--duration", "2s",
                    "--output", trace.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).containsPattern("recorded \\d+ events in [\\d.]+ s; wrote " + trace);
            assertThat(Snapshots.parse(Files.readString(trace)).get("traceEvents")).anyMatch(e -> e.get("name").asText().equals("refill"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(trace))).isEqualTo("rw-------");

            Tool.Result csv = Tool.run(null, "record", "--pid", Long.toString(target.pid()), "--duration", "1s",
                    "--format", "csv", "--output", dir.resolve("r.csv").toString());
            assertThat(csv.exitCode()).as(csv.err()).isZero();
            assertThat(Files.readAllLines(dir.resolve("r.csv"))).anyMatch(l -> l.startsWith("event,c"));

            Tool.Result badDuration = Tool.run(null, "record", "--pid", Long.toString(target.pid()), "--duration", "soon",
                    "--output", dir.resolve("x").toString());
            assertThat(badDuration.exitCode()).isEqualTo(2);
            assertThat(badDuration.err()).contains("'soon' is not a duration").doesNotContain("\tat ");
            target.assertRunsOn();
        }
        Tool.Result gone = Tool.run(null, "record", "--pid", "999999", "--duration", "1s", "--output", dir.resolve("y").toString());
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err().strip()).isEqualTo("async-inspect: no process with pid 999999");
    }

    /**
     * After warm-up, a hundred recordings started and stopped leave nothing behind: no class, no
     * metaspace. The target runs interpreted so that what is measured is the recorder's: with the JIT
     * on, metaspace also grows by its profiles of the methods that ran (the agent's and the
     * target's), a growth that plain snapshots and the target alone show as well and that slows as
     * the code warms.
     */
    @org.junit.jupiter.api.Test
    void aHundredRecordingsLeaveClassesAndMetaspaceFlat() throws Exception {
        Jdk jdk = Jdk.JDK25;
        try (TargetJvm target = TargetJvm.start(jdk, "-Xint", "kotlin.pump.PumpKt");
             Conversation tool = Conversation.attach(target)) {
            // Warm-up includes recordings long enough for JFR to deliver waits: the first one loads its classes.
            for (int i = 0; i < 23; i++) {
                tool.ask("record start", "^recording \\(record stop ends it\\)", 60);
                Thread.sleep(i < 3 ? 2500 : 0);
                tool.ask("record stop", "probes removed", 60);
            }
            long classes = loadedClasses(jdk, target);
            long metaspace = metaspaceKb(jdk, target);
            for (int i = 0; i < 100; i++) {
                tool.ask("record start\nrecord stop", "probes removed", 60);
            }
            assertThat(loadedClasses(jdk, target)).as("classes loaded").isLessThanOrEqualTo(classes + 3);
            assertThat(metaspaceKb(jdk, target)).as("metaspace used, KB").isLessThanOrEqualTo(metaspace + 64);
            assertThat(recorderObjects(jdk, target)).isEmpty();
            target.assertRunsOn();
        }
    }

    private static long loadedClasses(Jdk jdk, TargetJvm target) throws Exception {
        String stats = jcmd(jdk, target, "VM.classloader_stats");
        return Long.parseLong(Conversation.group(stats, "^Total = \\d+ +(\\d+)", 1));
    }

    private static long metaspaceKb(Jdk jdk, TargetJvm target) throws Exception {
        jcmd(jdk, target, "GC.run");
        return Long.parseLong(Conversation.group(jcmd(jdk, target, "VM.metaspace"), "^Metaspace +used (\\d+)K", 1));
    }

    private static long recorderThreads(Jdk jdk, TargetJvm target) throws Exception {
        return jcmd(jdk, target, "Thread.print").lines().filter(l -> l.startsWith("\"async-inspect recorder\"")).count();
    }

    /** The recorder's objects still in the target's heap (the histogram collects garbage first). */
    private static List<String> recorderObjects(Jdk jdk, TargetJvm target) throws Exception {
        // A lambda that captures nothing is one constant of its class, which stays loaded for the next recording.
        return jcmd(jdk, target, "GC.class_histogram").lines().filter(l -> l.contains("dev.asyncinspect.agent.record.")
                && !l.contains("$$Lambda")).toList();
    }

    private static String jcmd(Jdk jdk, TargetJvm target, String command) throws Exception {
        Process jcmd = new ProcessBuilder(jdk.jcmd().toString(), Long.toString(target.pid()),
                command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
