package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.taskNamed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every required deadlock, found as one cycle with the right tasks; stuck-but-acyclic and busy apps report none. */
@JvmTier
class DeadlocksTest {

    private static JsonNode dump(TargetJvm target, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--format", "json"));
        args.addAll(List.of(extra));
        Tool.Result result = Tool.run(null, target, "dump", args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isIn(0, 3);
        return Snapshots.parse(result.out());
    }

    private static void assertOneCycle(JsonNode snapshot, String... names) {
        assertThat(snapshot.get("deadlocks")).hasSize(1);
        JsonNode cycle = snapshot.get("deadlocks").get(0);
        List<String> expected = new ArrayList<>();
        for (String name : names) {
            expected.add(taskNamed(snapshot, name).get("id").asText());
        }
        List<String> actual = new ArrayList<>();
        cycle.get("tasks").forEach(t -> actual.add(t.asText()));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(cycle.get("resources")).hasSize(names.length);
        assertThat(cycle.get("description").asText()).contains("cycle: ").contains("suggestion: ");
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void monitors(Route route) throws Exception {
        try (TargetJvm target = route.start("Deadlocks", "monitors")) {
            JsonNode snapshot = dump(target);
            assertOneCycle(snapshot, "transfer", "audit");
            assertThat(snapshot.get("deadlocks").get(0).get("description").asText())
                    .contains("Deadlocks.java:" + SourceLines.of("Deadlocks", "transfer"))
                    .contains("one global order");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void reentrantLocksAndFailOnDeadlockExitCode(Route route) throws Exception {
        try (TargetJvm target = route.start("Deadlocks", "locks")) {
            Tool.Result result = Tool.run(null, target, "dump", "--fail-on-deadlock");
            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.out()).contains("DEADLOCK DETECTED").contains("payout").contains("reconcile")
                    .contains("waits for ReentrantLock");
            assertOneCycle(dump(target), "payout", "reconcile");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void threadJoiningAFutureWhoseProducerNeedsItsLock(Route route) throws Exception {
        try (TargetJvm target = route.start("Deadlocks", "future-lock")) {
            JsonNode snapshot = dump(target);
            assertThat(snapshot.get("deadlocks")).hasSize(1);
            JsonNode cycle = snapshot.get("deadlocks").get(0);
            assertThat(cycle.get("tasks")).hasSize(3);
            assertThat(cycle.get("tasks").toString()).contains(taskNamed(snapshot, "settler").get("id").asText())
                    .contains(taskNamed(snapshot, "summer").get("id").asText());
            assertThat(cycle.get("description").asText()).contains("never block on a future");
        }
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void coroutineMutexesInOppositeOrder(Route route) throws Exception {
        try (TargetJvm target = route.start("kotlin.deadlocks.CoroutineDeadlocksKt", "mutex")) {
            JsonNode snapshot = dump(target);
            assertOneCycle(snapshot, "payout", "reconcile");
            JsonNode payout = taskNamed(snapshot, "payout");
            assertThat(payout.get("waitingFor").get(0).get("description").asText()).contains("inferred: suspended inside its withLock");
            assertThat(payout.get("holds").toString()).contains("mutex@");
            assertThat(snapshot.get("deadlocks").get(0).get("description").asText())
                    .contains("CoroutineDeadlocks.kt:" + SourceLines.of("CoroutineDeadlocks.kt", "payout"));
        }
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void coroutinesAwaitingEachOthersDeferred(Route route) throws Exception {
        try (TargetJvm target = route.start("kotlin.deadlocks.CoroutineDeadlocksKt", "deferred")) {
            assertOneCycle(dump(target), "first-quote", "second-quote");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"JDWP_25", "AGENT_25"})
    void virtualThreads(Route route) throws Exception {
        try (TargetJvm target = route.start("Deadlocks", "virtual")) {
            JsonNode snapshot = dump(target);
            assertOneCycle(snapshot, "v-payout", "v-reconcile");
            assertThat(taskNamed(snapshot, "v-payout").get("kind").asText()).isEqualTo("virtual-thread");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void noFalsePositives(Route route) throws Exception {
        try (TargetJvm stuck = route.start("StuckCheckout");
             TargetJvm busy = route.start("Contention")) {
            assertThat(dump(stuck, "--fail-on-deadlock").get("deadlocks")).isEmpty();
            for (int i = 0; i < 3; i++) {
                assertThat(dump(busy, "--fail-on-deadlock").get("deadlocks")).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void replExplainsAndExportsTheGraph(Route route, @TempDir Path dir) throws Exception {
        try (TargetJvm target = route.start("Deadlocks", "locks")) {
            Path dot = dir.resolve("waits.dot");
            Tool.Result ids = Tool.run(null, target, "attach", "--exec", "tasks --name payout");
            String payout = ids.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
            Tool.Result result = Tool.run("deadlocks\ngraph " + payout + "\nwhy " + payout + "\nexport dot " + dot + "\nquit\n",
                    target, "attach");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("DEADLOCK DETECTED").contains("◄── CYCLE")
                    .contains("These waits form a cycle").contains("wrote " + dot);
            String graph = Files.readString(dot);
            assertThat(graph).startsWith("digraph waits {").contains("color=red").contains("\"lock\"");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void whyFindsTheRootCauseOfAnAcyclicWait(Route route) throws Exception {
        try (TargetJvm target = route.start("StuckCheckout")) {
            Tool.Result ids = Tool.run(null, target, "attach", "--exec", "tasks --name restock");
            String restock = ids.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
            Tool.Result why = Tool.run(null, target, "attach", "--exec", "why " + restock + "; graph " + restock);
            assertThat(why.out()).contains("waits for ReentrantLock").contains("blocked in CompletableFuture.join")
                    .contains("root cause").contains("◄── BLOCKING LEAF").doesNotContain("form a cycle");
        }
    }
}
