package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Breakpoints and steps on every shape of coroutine code (examples-kotlin's Shapes.kt, compiled by
 * Kotlin 2.x and by Kotlin 1.9): every stop names the coroutine whose code runs, shows its variables
 * as its state machine holds them (never a parameter the compiler passed as null), and three steps
 * move its counter forward.
 */
@JvmTier
class ShapesTest {

    private static final Pattern STOP = Pattern.compile("^Stopped at (.+?): (\\S+) \"(.+)\"$", Pattern.MULTILINE);
    private static final Pattern ROUND = Pattern.compile("^ {8}round = (\\d+)$", Pattern.MULTILINE);
    private static final Pattern HEADER_STATE = Pattern.compile("^  state: running {2}\\(state (\\d) of (\\d) at Shapes.kt:(\\d+)\\)$",
            Pattern.MULTILINE);

    /** A compiler and a JDK to run its classes on, with or without the coroutine debug agent. */
    enum Build {
        KOTLIN_2_JDK17("examples-kotlin", Jdk.JDK17, false), KOTLIN_2_JDK25("examples-kotlin", Jdk.JDK25, false),
        KOTLIN_1_9_JDK17("examples-kotlin-legacy", Jdk.JDK17, false), KOTLIN_1_9_JDK25("examples-kotlin-legacy", Jdk.JDK25, false),
        KOTLIN_2_PROBES_JDK25("examples-kotlin", Jdk.JDK25, true);

        final String module;
        final Jdk jdk;
        final boolean probes;

        Build(String module, Jdk jdk, boolean probes) {
            this.module = module;
            this.jdk = jdk;
            this.probes = probes;
        }

        TargetJvm start() throws Exception {
            String options = TargetJvm.JDWP + (probes ? " -javaagent:" + TargetJvm.coroutinesDebugAgent("kotlin.shapes.ShapesKt") : "");
            TargetJvm target = TargetJvm.startIn(module, jdk, options, "kotlin.shapes.ShapesKt");
            target.awaitLine("READY", 60);
            return target;
        }
    }

    /** Where to break, and the coroutine whose code runs there. */
    private record Shape(String where, String coroutine) {}

    private static List<Shape> shapes() throws Exception {
        return List.of(new Shape("onDefault", "default"), new Shape("onIo", "io"), new Shape("onEventLoop", "event-loop"),
                new Shape("caller", "caller"), new Shape("callee", "caller"), new Shape("switching", "switching"),
                new Shape("undispatched if round < 150", "undispatched-\\d+"), new Shape("inlined", "inlined"), new Shape("relay", "tail"),
                new Shape("settle", "tail"), new Shape("Shapes.kt:" + SourceLines.of("Shapes.kt", "lambdaDelay"), "lambda"));
    }

    @ParameterizedTest
    @EnumSource(Build.class)
    void everyShapeStopsAtItsCoroutineAndStepsMoveItForward(Build build) throws Exception {
        try (TargetJvm target = build.start()) {
            List<Shape> shapes = shapes();
            StringBuilder script = new StringBuilder();
            for (int i = 0; i < shapes.size(); i++) {
                script.append("break ").append(shapes.get(i).where()).append("\ncontinue --timeout 30\nstep --timeout 30\n")
                        .append("step --timeout 30\nstep --timeout 30\ndelete ").append(i + 1).append('\n');
            }
            Tool.Result result = Tool.run(script + "quit\n", "attach", "--pid", Long.toString(target.pid()));
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).isEmpty();
            String[] perShape = result.out().split("(?m)^breakpoint \\d+: ");
            assertThat(perShape).hasSize(shapes.size() + 1);
            List<Integer> firstRounds = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                firstRounds.add(checkShape(shapes.get(i), perShape[i + 1]));
            }

            // The states of onDefault's two suspension points, each at its own line.
            String onDefault = perShape[1];
            List<Integer> lines = HEADER_STATE.matcher(onDefault).results().map(m -> Integer.parseInt(m.group(3))).toList();
            assertThat(lines).as(onDefault).hasSize(4)
                    .containsOnly(SourceLines.of("Shapes.kt", "defaultYield"), SourceLines.of("Shapes.kt", "defaultDelay"));

            // Conditions and states on the same shapes.
            int past = firstRounds.get(0) + 50;
            Tool.Result filtered = Tool.run("break onDefault if round > " + past + "\ncontinue --timeout 30\ndelete 1\n"
                    + "break onDefault state 2\ncontinue --timeout 30\nstep --timeout 30\ndelete 2\n"
                    + "break callee state 0\ncontinue --timeout 30\ndelete 3\n"
                    + "break undispatched state 0\ncontinue --timeout 30\nquit\n", "attach", "--pid", Long.toString(target.pid()));
            assertThat(filtered.exitCode()).as(filtered.err()).isZero();
            String[] stops = filtered.out().split("(?m)^(?=Stopped at )");
            assertThat(stops).as(filtered.out()).hasSize(6);
            assertThat(round(stops[1])).isGreaterThan(past);
            assertThat(stops[2]).contains("state: running  (state 2 of 2 at Shapes.kt:" + SourceLines.of("Shapes.kt", "defaultDelay"));
            assertThat(stops[3]).contains("state: running  (state 1 of 2 at Shapes.kt:" + SourceLines.of("Shapes.kt", "defaultYield"));
            // A call, not a resume: the callee's frame has no state yet, its parameter is the value passed (Kotlin 1.9's
            // local table covers the parameter only from a later instruction: there the caller's frame shows it).
            assertThat(stops[4]).containsPattern("\"caller\"\n").containsPattern(build.module.equals("examples-kotlin")
                    ? "(?m)^    dev\\S+ShapesKt\\.callee  Shapes.kt:\\d+\n {8}round = \\d+$"
                    : "(?m)^    dev\\S+ShapesKt\\.callee  Shapes.kt:\\d+\n    state 1 of 2  \\S+ShapesKt\\.caller  Shapes.kt:\\d+\n {8}round = \\d+$");
            // Started undispatched, its first run is inside the launcher's frames, but it is its own coroutine.
            assertThat(stops[5]).containsPattern("^Stopped at breakpoint 4 \\(undispatched state 0\\): c\\d+ \"undispatched-\\d+\"")
                    .containsPattern("(?m)^ {8}id = \\d+$");
            assertCounterMovesOn(target);
        }
    }

    /** @return the round at the first stop */
    private static int checkShape(Shape shape, String transcript) {
        List<MatchResult> stops = STOP.matcher(transcript).results().map(m -> new MatchResult(m.group(2), m.group(3))).toList();
        assertThat(stops).as(shape.where() + ":\n" + transcript).hasSize(4);
        assertThat(stops).as(shape.where() + ":\n" + transcript)
                .allMatch(s -> s.id().equals(stops.get(0).id()) && s.id().startsWith("c") && s.name().matches(shape.coroutine()));
        assertThat(transcript).as("a parameter the resume did not restore is no value").doesNotContainPattern("(?m)^ {8}\\w+ = null$");
        String[] blocks = transcript.split("(?m)^(?=Stopped at )");
        List<Integer> rounds = new ArrayList<>();
        for (int i = 1; i < blocks.length; i++) {
            rounds.add(round(blocks[i]));
        }
        for (int i = 0; i + 1 < rounds.size(); i++) {
            assertThat(rounds.get(i + 1)).as(shape.where() + " " + rounds).isGreaterThanOrEqualTo(rounds.get(i));
        }
        assertThat(rounds.get(rounds.size() - 1)).as(shape.where() + " " + rounds + ":\n" + transcript).isGreaterThan(rounds.get(0));
        return rounds.get(0);
    }

    private record MatchResult(String id, String name) {}

    private static int round(String stop) {
        Matcher round = ROUND.matcher(stop);
        assertThat(round.find()).as(stop).isTrue();
        return Integer.parseInt(round.group(1));
    }

    /** Nothing left suspended: the event loop's counter moves on after the session (each look is a session of its own). */
    private static void assertCounterMovesOn(TargetJvm target) throws Exception {
        List<Integer> rounds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Tool.Result stop = Tool.run("break onEventLoop\ncontinue --timeout 30\nquit\n", "attach", "--pid", Long.toString(target.pid()));
            rounds.add(round(stop.out()));
        }
        assertThat(rounds.get(1)).isGreaterThan(rounds.get(0));
    }
}
