package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Breakpoints and stepping through a piped REPL script against a running app; the app runs on after quit. */
@JvmTier
class BreakpointsTest {

    private static final Pattern STOP = Pattern.compile("Stopped at (.+?): (\\S+) \"(.+)\"");
    private static final Pattern STATE = Pattern.compile("state: running {2}\\(state (\\d) of 2");
    private static final Pattern ATTEMPT = Pattern.compile("^ {8}attempt = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern PENDING_DELIVERY = Pattern.compile("^(f\\d+) +future +pending +CompletableFuture", Pattern.MULTILINE);
    private static final Pattern PENDING_RECEIPT = Pattern.compile("^(f\\d+) +future +pending +thenApply\\(Deliveries.main\\)",
            Pattern.MULTILINE);

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"JDWP_17", "JDWP_25", "PROBES_JDWP_25"})
    void stepWalksOneCoroutineThroughItsStateTransitions(Route route) throws Exception {
        try (TargetJvm target = route.start("kotlin.pump.PumpKt")) {
            Tool.Result result = Tool.run("break refill\ncontinue\nstep\nstep\nbreaks\nquit\n",
                    "attach", "--pid", Long.toString(target.pid()));
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).isEmpty();
            List<String> stops = STOP.matcher(result.out()).results().map(m -> m.group(2) + " " + m.group(3)).toList();
            assertThat(stops).hasSize(3);
            assertThat(stops).allMatch(s -> s.equals(stops.get(0)) && s.startsWith("c") && s.endsWith(" pump"));
            assertThat(result.out()).startsWith("breakpoint 1: refill (1 location)")
                    .contains("Stopped at breakpoint 1 (refill)").contains("Stopped at step").contains("1  refill  (suspend thread, 1 hits)");

            List<String> blocks = List.of(result.out().split("Stopped at "));
            List<Integer> states = blocks.stream().skip(1).map(b -> {
                Matcher state = STATE.matcher(b);
                return state.find() ? Integer.parseInt(state.group(1)) : 0;
            }).toList();
            List<Integer> attempts = blocks.stream().skip(1).map(b -> {
                Matcher attempt = ATTEMPT.matcher(b);
                return attempt.find() ? Integer.parseInt(attempt.group(1)) : -1;
            }).toList();
            // Consecutive transitions of the same state machine: state 1 → 2 → the next refill starts (no state).
            for (int i = 0; i + 1 < states.size(); i++) {
                if (states.get(i) == 1) {
                    assertThat(states.get(i + 1)).isEqualTo(2);
                    assertThat(attempts.get(i + 1)).isEqualTo(attempts.get(i));
                } else if (states.get(i) == 2) {
                    assertThat(states.get(i + 1)).isZero();
                    assertThat(attempts.get(i + 1)).isEqualTo(attempts.get(i) + 1);
                }
            }
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"JDWP_17", "JDWP_25", "PROBES_JDWP_25"})
    void conditionsFilterStops(Route route) throws Exception {
        try (TargetJvm target = route.start("kotlin.pump.PumpKt")) {
            target.awaitLine("north at", 30);
            int seen = target.output().stream().filter(l -> l.startsWith("north at")).mapToInt(l ->
                    Integer.parseInt(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
            int threshold = seen + 20;
            Tool.Result result = Tool.run("break refill if attempt > " + threshold + "\ncontinue\nvars\nquit\n",
                    "attach", "--pid", Long.toString(target.pid()));
            assertThat(result.exitCode()).as(result.err()).isZero();
            Matcher attempt = Pattern.compile("  attempt = (\\d+)").matcher(result.out());
            assertThat(attempt.find()).as(result.out()).isTrue();
            assertThat(Integer.parseInt(attempt.group(1))).isGreaterThan(threshold);
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void javaLineBreakpointAndStep(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "Idle")) {
            int line = SourceLines.of("Idle", "tick");
            Tool.Result result = Tool.run("break Idle.java:" + line + "\ncontinue\nstep\ndelete 1\nbreaks\nquit\n",
                    "attach", "--pid", Long.toString(target.pid()));
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).containsPattern("Stopped at breakpoint 1 \\(Idle.java:" + line + "\\): t\\d+ \"main\"")
                    .contains("dev.asyncinspect.examples.Idle.main  Idle.java:" + line)
                    .containsPattern("Stopped at step: t\\d+ \"main\"")
                    .contains("Idle.java:" + (line + 1)).contains("no breakpoints");
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void badBreakpointsAreOneLineAndTheSessionCarriesOn(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "Idle")) {
            Tool.Result result = Tool.run("break noSuchFunction\nbreak refill if attempt ~ 3\nstep\nbreak task nosuch\n"
                    + "break complete t1\nbreak task c999999\nbreak complete f999999\nbreak Idle.main --suspend some\n"
                    + "continue --timeout 1\nquit\n", "attach", "--pid", Long.toString(target.pid()));
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.errLines()).containsExactly(
                    "error: no loaded method or suspend function named noSuchFunction (is its class loaded yet?)",
                    "error: condition must be 'name op value' with op one of == != > >= < <=, not 'attempt ~ 3'",
                    "error: the target is not stopped: set a breakpoint and continue first",
                    "error: break task takes a coroutine (c…) or a future (f…) from tasks, not 'nosuch'",
                    "error: break complete takes a future (f…) from tasks, not 't1'",
                    "error: no coroutine c999999 in the target (see tasks)",
                    "error: no future f999999 in the target (see tasks)",
                    "error: Invalid value for option '--suspend': expected one of [THREAD, ALL] (case-insensitive) but was 'some'"
                            + " (try help)",
                    "async-inspect: 8 commands failed, the first: break noSuchFunction");
            assertThat(result.out()).contains("no stop within 1 s; the target runs on");
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void breakTaskFollowsOneCoroutineThroughResumesAndSuspensions(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "kotlin.pump.PumpKt");
             Conversation tool = Conversation.attach(target)) {
            String pump = Conversation.group(tool.ask("tasks", "^c\\d+ +coroutine +\\S+ +pump", 60), "^(c\\d+) +coroutine +\\S+ +pump", 1);
            assertThat(tool.ask("break task " + pump, "breakpoint 1", 30)).contains("breakpoint 1: task " + pump + " (1 location)");
            List<String> events = new ArrayList<>();
            for (String move : List.of("continue", "step", "step", "step", "step", "step")) {
                String stop = tool.ask(move + " --timeout 30", "^  " + pump + " (resumed|suspended|completed)", 40);
                assertThat(stop).containsPattern("Stopped at (breakpoint 1 \\(task " + pump + "\\)|step): " + pump + " \"pump\"");
                events.add(Conversation.group(stop, "^  " + pump + " (.+)$", 1));
            }
            // Resumes and suspensions alternate, and every suspension point shows up, the first one of a
            // fresh refill (made inside pump's run) included.
            for (int i = 0; i + 1 < events.size(); i++) {
                assertThat(events.get(i).startsWith("resumed")).as(events.toString()).isNotEqualTo(events.get(i + 1).startsWith("resumed"));
            }
            int refillOpen = SourceLines.of("Pump.kt", "refillOpen");
            int refillClose = SourceLines.of("Pump.kt", "refillClose");
            assertThat(events).filteredOn(e -> e.startsWith("suspended")).allMatch(e -> e.matches(
                    "suspended \\(state [12] of 2 at Pump.kt:\\d+\\)"));
            assertThat(String.join("\n", events)).contains("suspended (state 1 of 2 at Pump.kt:" + refillOpen + ")")
                    .contains("suspended (state 2 of 2 at Pump.kt:" + refillClose + ")");
            assertThat(tool.ask("breaks", "^1 ", 10)).contains("1  task " + pump + "  (suspend thread, 6 hits)");
            assertThat(tool.quit()).as(tool.errors()).isZero();
            assertThat(tool.errors()).isEmpty();
            target.assertRunsOn();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void breakCompleteAndBreakTaskOnFuturesThenSuspendTheWholeVm(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "Deliveries");
             Conversation tool = Conversation.attach(target)) {
            String delivery = null;
            String receipt = null;
            String armed = "";
            List<String> late = new ArrayList<>();     // the errors of attempts that came after their parcel was delivered
            // A parcel's futures stay pending for 3 s; the first snapshot can take most of that, so pick them again if need be.
            for (int attempt = 0; attempt < 5 && delivery == null; attempt++) {
                // (a later attempt needs a fresh snapshot: the session keeps showing its current one)
                String tasks = tool.ask(attempt == 0 ? "tasks" : "refresh\ntasks", "^ID ", 60);
                Matcher pendingDelivery = PENDING_DELIVERY.matcher(tasks);
                Matcher pendingReceipt = PENDING_RECEIPT.matcher(tasks);
                if (!pendingDelivery.find() || !pendingReceipt.find()) {
                    continue;       // the snapshot fell between two parcels
                }
                String d = pendingDelivery.group(1);
                String r = pendingReceipt.group(1);
                armed = tool.ask("break complete " + d + "\nbreak task " + r, "breakpoint \\d+: task|error: .*" + r, 30);
                if (armed.contains(": task " + r + " (")) {
                    delivery = d;
                    receipt = r;
                } else {
                    armed.lines().filter(l -> l.startsWith("error: ")).forEach(late::add);
                    if (armed.contains(": complete " + d + " (")) {
                        tool.ask("delete " + Conversation.group(armed, "^breakpoint (\\d+): complete", 1), "", 10);
                    }
                }
            }
            assertThat(delivery).as("no pending parcel could be watched").isNotNull();
            String onCompletion = Conversation.group(armed, "^breakpoint (\\d+): complete", 1);
            String onTask = Conversation.group(armed, "^breakpoint (\\d+): task", 1);

            String completed = tool.ask("continue --timeout 30", "^  " + delivery + " (completed|failed) with", 40);
            assertThat(completed).containsPattern("Stopped at breakpoint " + onCompletion + " \\(complete " + delivery + "\\): t\\d+ \"courier\"");
            int parcel = Integer.parseInt(Conversation.group(completed, "^ {8}parcel = (\\d+)$", 1));
            boolean lost = parcel % 3 == 0;
            assertThat(completed).contains("  " + delivery + (lost ? " failed with IllegalStateException: parcel " + parcel + " lost"
                    : " completed with \"door " + parcel + "\"")).contains("Deliveries.deliver  Deliveries.java:"
                    + SourceLines.of("Deliveries", lost ? "lost" : "delivered"));
            // Only the courier is held: the ticker ticks on.
            target.assertRunsOn();

            assertThat(tool.ask("continue --timeout 30", "^  a pending stage of " + receipt + " runs", 40))
                    .containsPattern("Stopped at breakpoint " + onTask + " \\(task " + receipt + "\\): t\\d+ \"courier\"");
            assertThat(tool.ask("step --timeout 30", "^  " + receipt + " (completed|failed) with", 40))
                    .contains("Stopped at step").contains("  " + receipt + (lost ? " failed with IllegalStateException: parcel "
                            + parcel + " lost" : " completed with \"signed at door " + parcel + "\""));
            assertThat(tool.ask("breaks", "^" + onTask + " ", 10))
                    .contains(onCompletion + "  complete " + delivery + "  (suspend thread, 1 hits)")
                    .contains(onTask + "  task " + receipt + "  (suspend thread, 2 hits)");

            // The whole VM held at a stop, through continue and step; quitting lets it all go.
            tool.ask("delete " + onCompletion + "\ndelete " + onTask, "", 10);
            assertThat(tool.ask("break Deliveries.deliver --suspend all\nbreaks", "Deliveries.deliver  \\(suspend", 10))
                    .containsPattern("breakpoint \\d+: Deliveries.deliver \\(1 location, suspends all\\)")
                    .containsPattern("\\d+  Deliveries.deliver  \\(suspend all, 0 hits\\)");
            for (String move : List.of("continue", "step")) {
                assertThat(tool.ask(move + " --timeout 30", "Stopped at", 40)).containsPattern("t\\d+ \"courier\"");
                assertNoTickFor(target, 800);
            }
            int exitCode = tool.quit();
            if (late.isEmpty()) {
                assertThat(exitCode).as(tool.errors()).isZero();
                assertThat(tool.errors()).isEmpty();
            } else {
                // The attempts that came too late failed (a script with failures exits 1), and nothing else did.
                assertThat(exitCode).as(tool.errors()).isEqualTo(1);
                assertThat(tool.errors().lines().filter(l -> !l.startsWith("async-inspect: "))).containsExactlyElementsOf(late);
                assertThat(late).allMatch(l -> l.contains(" has already completed"));
            }
            target.assertRunsOn();
        }
    }

    /** The whole VM is held: not one tick in this long. Here the wait is the check itself, not a stand-in for a condition. */
    private static void assertNoTickFor(TargetJvm target, int millis) throws InterruptedException {
        int ticks = ticks(target);
        TimeUnit.MILLISECONDS.sleep(millis);
        assertThat(ticks(target)).as("nothing runs while the VM is held").isEqualTo(ticks);
    }

    private static int ticks(TargetJvm target) {
        return (int) target.output().stream().filter(l -> l.startsWith("tick ")).count();
    }

}
