package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Breakpoints and stepping through a piped REPL script against a running app; the app runs on after quit. */
class BreakpointsTest {

    private static final Pattern STOP = Pattern.compile("Stopped at (.+?): (\\S+) \"(.+)\"");
    private static final Pattern STATE = Pattern.compile("state: running {2}\\(state (\\d) of 2");
    private static final Pattern ATTEMPT = Pattern.compile("^ {8}attempt = (\\d+)$", Pattern.MULTILINE);

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void stepWalksOneCoroutineThroughItsStateTransitions(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "kotlin.pump.PumpKt")) {
            Tool.Result result = Tool.run("break refill\ncontinue\nstep\nstep\nbreaks\nquit\n",
                    "attach", "--pid", Long.toString(target.pid()));
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).isEmpty();
            List<String> stops = STOP.matcher(result.out()).results().map(m -> m.group(2) + " " + m.group(3)).toList();
            assertThat(stops).hasSize(3);
            assertThat(stops).allMatch(s -> s.equals(stops.get(0)) && s.startsWith("c") && s.endsWith(" pump"));
            assertThat(result.out()).startsWith("breakpoint 1: refill (1 location)")
                    .contains("Stopped at breakpoint 1 (refill)").contains("Stopped at step").contains("1  refill  (1 hits)");

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
            assertRunsOn(target);
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void conditionsFilterStops(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "kotlin.pump.PumpKt")) {
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
            assertRunsOn(target);
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
            assertRunsOn(target);
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void badBreakpointsAreOneLineAndTheSessionCarriesOn(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "Idle")) {
            Tool.Result result = Tool.run("break noSuchFunction\nbreak refill if attempt ~ 3\nstep\ncontinue --timeout 1\nquit\n",
                    "attach", "--pid", Long.toString(target.pid()));
            assertThat(result.exitCode()).isZero();
            assertThat(result.errLines()).containsExactly(
                    "error: no loaded method or suspend function named noSuchFunction (is its class loaded yet?)",
                    "error: condition must be 'name op value' with op one of == != > >= < <=, not 'attempt ~ 3'",
                    "error: the target is not stopped: set a breakpoint and continue first");
            assertThat(result.out()).contains("no stop within 1 s; the target runs on");
            assertRunsOn(target);
        }
    }

    private static void assertRunsOn(TargetJvm target) throws InterruptedException {
        int before = target.output().size();
        TimeUnit.MILLISECONDS.sleep(1500);
        assertThat(target.output().size()).as("target must run on after quit").isGreaterThan(before + 3);
    }
}
