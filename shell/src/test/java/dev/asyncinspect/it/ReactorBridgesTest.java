package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.fact;
import static dev.asyncinspect.it.Snapshots.firstWait;
import static dev.asyncinspect.it.Snapshots.task;
import static dev.asyncinspect.it.Snapshots.tasks;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Coroutines and Reactor pipelines waiting on each other across kotlinx-coroutines-reactor: a coroutine
 * in awaitSingle() on a mono {} whose coroutine sleeps, a coroutine collecting Flux.interval as a Flow,
 * a thread in block() on a mono {} whose coroutine never returns. On every route, the coroutine debug
 * agent's included, and from a heap dump.
 */
@JvmTier
class ReactorBridgesTest {

    private static final String EXAMPLE = "kotlin.reactive.BridgesKt";
    private static final String SOURCE = "Bridges.kt";

    @ParameterizedTest
    @EnumSource(Route.class)
    void coroutinesAndPipelinesWaitOnEachOther(Route route) throws Exception {
        try (TargetJvm target = route.start(EXAMPLE)) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            SnapshotSchema.assertValid("bridges snapshot", result.out());
            JsonNode snapshot = Snapshots.parse(result.out());
            Snapshots.assertComplete(snapshot, route);
            assertBridges(snapshot, true);
            assertThat(target.alive()).isTrue();
        }
    }

    @Test
    void heapDump(@TempDir Path dir) throws Exception {
        try (TargetJvm target = Route.AGENT_25.start(EXAMPLE)) {
            assertBridges(HeapDumps.json(HeapDumps.take(Jdk.JDK25, target, dir)), false);
        }
    }

    /** @param live whether timers' time left can be told (a heap dump's clock is not this process's) */
    private static void assertBridges(JsonNode snapshot, boolean live) throws Exception {
        // awaitSingle(): coroutine → pipeline → the mono {} coroutine → its delay.
        JsonNode awaiter = coroutineNamed(snapshot, "stock-awaiter");
        assertThat(awaiter.get("frames").get(0).get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "stockAwait"));
        assertThat(firstWait(awaiter).get("kind").asText()).isEqualTo("publisher");
        JsonNode stock = task(snapshot, firstWait(awaiter).get("target").asText());
        assertThat(stock.get("name").asText()).isEqualTo("mono {} → map → awaitSingle");
        assertThat(fact(stock, "subscriber")).contains("awaitSingle()");
        assertThat(stock.get("frames").get(0).get("function").asText()).isEqualTo("kotlinx.coroutines.reactor.MonoKt.mono");
        assertThat(stock.get("frames").get(1).get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "stockMap"));
        assertThat(firstWait(stock).get("kind").asText()).isEqualTo("coroutine");
        JsonNode producer = task(snapshot, firstWait(stock).get("target").asText());
        assertThat(producer.get("kind").asText()).isEqualTo("coroutine");
        assertThat(producer.get("frames").get(0).get("function").asText()).endsWith("BridgesKt.reserve");
        assertThat(producer.get("frames").get(0).get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "reserveDelay"));
        assertThat(firstWait(producer).get("kind").asText()).isEqualTo("delay");
        assertThat(producer.get("waitedBy").toString()).contains(stock.get("id").asText());

        // asFlow(): the collecting coroutine waits on the pipeline, the pipeline on interval's timer.
        JsonNode ticker = coroutineNamed(snapshot, "ticker");
        JsonNode ticks = task(snapshot, firstWait(ticker).get("target").asText());
        assertThat(ticks.get("name").asText()).isEqualTo("interval → map → asFlow");
        assertThat(firstWait(ticks).get("kind").asText()).isEqualTo("delay");
        if (live) {     // a heap dump has no bytecode for Kotlin's adapter lambda around the map's
            assertThat(ticks.get("frames").get(1).get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "tickMap"));
            assertThat(variable(ticks.get("frames").get(1), "region")).isEqualTo("\"eu-north\"");
            assertThat(firstWait(ticks).get("description").asText()).matches("interval fires in [45] min .*");
        }

        // block() on mono {}: thread → pipeline → the coroutine that never returns.
        JsonNode blocker = Snapshots.taskNamed(snapshot, "invoice-blocker");
        assertThat(firstWait(blocker).get("kind").asText()).isEqualTo("publisher");
        JsonNode invoice = task(snapshot, firstWait(blocker).get("target").asText());
        assertThat(invoice.get("name").asText()).isEqualTo("mono {} → block");
        assertThat(fact(invoice, "subscriber")).isEqualTo("Mono.block() on " + blocker.get("id").asText());
        JsonNode invoiceCoroutine = task(snapshot, firstWait(invoice).get("target").asText());
        assertThat(invoiceCoroutine.get("name").asText()).isEqualTo("invoice");

        assertThat(tasks(snapshot, t -> t.get("kind").asText().equals("reactive"))).hasSize(3);
        assertThat(snapshot.get("deadlocks")).isEmpty();
    }

    private static JsonNode coroutineNamed(JsonNode snapshot, String name) {
        JsonNode found = Snapshots.taskNamed(snapshot, name);
        assertThat(found.get("kind").asText()).isEqualTo("coroutine");
        return found;
    }
}
