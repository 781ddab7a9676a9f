package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.frame;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real Ktor server (Netty) whose handlers hang on a backend through the Ktor client (CIO): each
 * handler's async stack goes through Ktor's pipeline down to the user's functions, with their lines
 * and variables, and waits on the client call; the client's socket reads are named as such.
 */
@JvmTier
class KtorTest {

    private static final String SOURCE = "KtorOrders.kt";

    @ParameterizedTest
    @EnumSource(Route.class)
    void handlersThroughThePipelineToTheirStuckCall(Route route) throws Exception {
        try (TargetJvm target = route.start("kotlin.ktor.KtorOrdersKt")) {
            JsonNode snapshot = Snapshots.dump(target);
            Snapshots.assertComplete(snapshot, route);

            List<JsonNode> handlers = Snapshots.tasks(snapshot, t -> t.get("kind").asText().equals("coroutine")
                    && t.get("frames").findValuesAsText("function").stream().anyMatch(f -> f.endsWith("KtorOrdersKt.loadOrder")));
            assertThat(handlers).hasSize(4);
            for (JsonNode handler : handlers) {
                assertThat(handler.get("state").asText()).isEqualTo("suspended");
                JsonNode fetchPrice = frame(handler, "KtorOrdersKt.fetchPrice");
                assertThat(fetchPrice.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "ktorFetchPrice"));
                JsonNode loadOrder = frame(handler, "KtorOrdersKt.loadOrder");
                assertThat(loadOrder.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "ktorLoadOrder"));
                int id = Integer.parseInt(variable(loadOrder, "orderId"));
                assertThat(id).isBetween(1, 4);
                JsonNode route0 = frame(handler, "KtorOrdersKt$main$server$1$1$1.invokeSuspend");
                assertThat(route0.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "ktorHandler"));
                assertThat(variable(route0, "id")).isEqualTo(Integer.toString(id));
                assertThat(handler.get("frames").findValuesAsText("function")).anyMatch(f -> f.endsWith("PipelineKt$execute$2.invokeSuspend"));
                // the handler awaits the client's call, a coroutine of its own
                JsonNode wait = Snapshots.firstWait(handler);
                assertThat(wait.get("kind").asText()).isEqualTo("await");
                assertThat(Snapshots.task(snapshot, wait.get("target").asText()).get("kind").asText()).isEqualTo("coroutine");
            }
            assertThat(Snapshots.tasks(snapshot, t -> t.get("waitingFor").findValuesAsText("kind").contains("bytes-read"))).isNotEmpty();
            assertThat(Snapshots.tasks(snapshot, t -> t.get("waitingFor").findValuesAsText("kind").contains("socket"))).isNotEmpty();
            assertThat(target.alive()).isTrue();
        }
    }

    @Test
    void heapDump(@TempDir Path dir) throws Exception {
        try (TargetJvm target = Route.AGENT_25.start("kotlin.ktor.KtorOrdersKt")) {
            JsonNode snapshot = HeapDumps.json(HeapDumps.take(Jdk.JDK25, target, dir));
            List<JsonNode> handlers = Snapshots.tasks(snapshot, t -> t.get("kind").asText().equals("coroutine")
                    && t.get("frames").findValuesAsText("function").stream().anyMatch(f -> f.endsWith("KtorOrdersKt.fetchPrice")));
            assertThat(handlers).hasSize(4);
            assertThat(frame(handlers.get(0), "KtorOrdersKt.loadOrder").get("line").asInt())
                    .isEqualTo(SourceLines.of(SOURCE, "ktorLoadOrder"));
        }
    }
}
