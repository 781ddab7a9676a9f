package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.coroutine;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Async stacks through Continuations that are not the compiler's: a hand-written relay, one whose
 * next step no field names (placed by its context, and said so), and a Flow collector suspended
 * inside emit(). On every route, with and without the coroutine debug agent.
 */
@JvmTier
class RelaysTest {

    private static final String SOURCE = "Relays.kt";

    @ParameterizedTest
    @EnumSource(Route.class)
    void stacksFollowEveryCompletionChain(Route route) throws Exception {
        try (TargetJvm target = route.start("kotlin.relays.RelaysKt")) {
            JsonNode snapshot = Snapshots.dump(target);

            JsonNode relayed = coroutine(snapshot, "relay-order", "launch");
            assertThat(relayed.get("state").asText()).isEqualTo("suspended");
            List<String> functions = functions(relayed);
            assertThat(functions).containsSubsequence("RelaysKt.lookUp", "RelaysKt$audited$2$1.invokeSuspend",
                    "Audited.resumeWith", "RelaysKt.placeOrder");
            JsonNode lookUp = relayed.get("frames").get(0);
            assertThat(lookUp.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "lookUp"));
            assertThat(variable(lookUp, "quantity")).isEqualTo("3");
            assertThat(variable(Snapshots.frame(relayed, "RelaysKt$audited$2$1.invokeSuspend"), "sku")).isEqualTo("\"sku-4711\"");
            JsonNode placeOrder = Snapshots.frame(relayed, "RelaysKt.placeOrder");
            assertThat(placeOrder.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "placeOrder"));
            assertThat(variable(placeOrder, "orderId")).isEqualTo("4711");
            assertThat(Snapshots.firstWait(relayed).get("kind").asText()).isEqualTo("await");

            // The relay keeps its caller in a list: the frames below it are still this coroutine's, and the gap says why.
            JsonNode parked = coroutine(snapshot, "parked-order", "launch");
            assertThat(functions(parked)).containsSubsequence("RelaysKt.lookUp", "Parked.resumeWith", "RelaysKt.parkOrder");
            assertThat(variable(parked.get("frames").get(0), "quantity")).isEqualTo("5");
            assertThat(Snapshots.frame(parked, "Parked.resumeWith").get("note").asText()).contains("not followed");
            List<String> gaps = new ArrayList<>();
            snapshot.get("gaps").forEach(g -> gaps.add(g.asText()));
            assertThat(gaps).anyMatch(g -> g.contains(parked.get("id").asText()) && g.contains("Parked"));
            assertThat(gaps).noneMatch(g -> g.contains(relayed.get("id").asText()));

            JsonNode collector = coroutine(snapshot, "slow-collector", "launch");
            JsonNode body = collector.get("frames").get(0);
            assertThat(body.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "collectBody"));
            assertThat(variable(body, "label")).isEqualTo("\"label for parcel-1\"");
            assertThat(functions(collector)).noneMatch(f -> f.contains("SafeCollector"));
            assertThat(functions(collector).get(functions(collector).size() - 1)).endsWith("RelaysKt$main$1$3.invokeSuspend");
            assertThat(Snapshots.firstWait(collector).get("kind").asText()).isEqualTo("suspension");     // delay(Long.MAX_VALUE) schedules nothing
            assertThat(target.alive()).isTrue();
        }
    }

    /** The frames' functions without the examples' package. */
    private static List<String> functions(JsonNode task) {
        List<String> functions = new ArrayList<>();
        task.get("frames").forEach(f -> functions.add(f.get("function").asText().replace("dev.asyncinspect.examples.kotlin.relays.", "")));
        return functions;
    }

    @Test
    void heapDump(@TempDir Path dir) throws Exception {
        try (TargetJvm target = Route.AGENT_25.start("kotlin.relays.RelaysKt")) {
            JsonNode snapshot = HeapDumps.json(HeapDumps.take(Jdk.JDK25, target, dir));
            assertThat(functions(coroutine(snapshot, "relay-order", "launch")))
                    .containsSubsequence("RelaysKt.lookUp", "Audited.resumeWith", "RelaysKt.placeOrder");
            assertThat(functions(coroutine(snapshot, "parked-order", "launch")))
                    .containsSubsequence("RelaysKt.lookUp", "Parked.resumeWith", "RelaysKt.parkOrder");
            assertThat(coroutine(snapshot, "slow-collector", "launch").get("frames").get(0).get("line").asInt())
                    .isEqualTo(SourceLines.of(SOURCE, "collectBody"));
        }
    }

    /** Loaded by a class loader of the app's own, from a directory off the class path: found by the classes' code source. */
    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"AGENT_17", "AGENT_25"})
    void classesOfAnotherLoader(Route route) throws Exception {
        try (TargetJvm target = TargetJvm.startAsPlugin(route.jdk(), null, "kotlin.relays.RelaysKt").via(route.via())) {
            JsonNode snapshot = Snapshots.dump(target);
            snapshot.get("gaps").forEach(g -> assertThat(g.asText()).doesNotContain("DebugMetadata"));
            JsonNode lookUp = coroutine(snapshot, "relay-order", "launch").get("frames").get(0);
            assertThat(lookUp.get("function").asText()).endsWith("RelaysKt.lookUp");
            assertThat(lookUp.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "lookUp"));
            assertThat(variable(lookUp, "quantity")).isEqualTo("3");
        }
    }
}
