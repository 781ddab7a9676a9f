package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.fact;
import static dev.asyncinspect.it.Snapshots.firstWait;
import static dev.asyncinspect.it.Snapshots.task;
import static dev.asyncinspect.it.Snapshots.tasks;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guava ListenableFutures as future tasks: a thread in get() on transformAsync(transform(a SettableFuture
 * nobody sets)), each stage with its lambda's line and captures, the SettableFuture's listeners, and
 * tasks submitted to a one-thread 'warehouse' pool queued behind the one it runs.
 */
@JvmTier
class GuavaFuturesTest {

    private static final String EXAMPLE = "reactive.GuavaFutures";
    private static final String SOURCE = "GuavaFutures.java";

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void listenableFuturesAreFutureTasks(Route route) throws Exception {
        try (TargetJvm target = route.start(EXAMPLE)) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            SnapshotSchema.assertValid("guava snapshot", result.out());
            JsonNode snapshot = Snapshots.parse(result.out());
            Snapshots.assertComplete(snapshot, route);
            assertFutures(snapshot, true);
            assertThat(target.alive()).isTrue();
        }
    }

    @Test
    void heapDump(@TempDir Path dir) throws Exception {
        try (TargetJvm target = Route.AGENT_25.start(EXAMPLE)) {
            assertFutures(HeapDumps.json(HeapDumps.take(Jdk.JDK25, target, dir)), false);
        }
    }

    private static void assertFutures(JsonNode snapshot, boolean live) throws Exception {
        JsonNode waiter = Snapshots.taskNamed(snapshot, "invoice-waiter");
        assertThat(firstWait(waiter).get("kind").asText()).isEqualTo("future");
        JsonNode invoice = task(snapshot, firstWait(waiter).get("target").asText());
        assertThat(invoice.get("name").asText()).startsWith("transformAsync(");
        JsonNode async = invoice.get("frames").get(0);
        assertThat(async.get("note").asText()).isEqualTo("transformAsync stage");
        assertThat(async.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "guavaTransformAsync"));
        assertThat(variable(async, "currency")).isEqualTo("\"EUR\"");

        JsonNode gross = task(snapshot, firstWait(invoice).get("target").asText());
        assertThat(gross.get("frames").get(0).get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "guavaTransform"));
        assertThat(variable(gross.get("frames").get(0), "vat")).isEqualTo("0.2");
        assertThat(fact(gross, "pending stages")).isEqualTo(invoice.get("id").asText());

        JsonNode quote = task(snapshot, firstWait(gross).get("target").asText());
        assertThat(quote.get("name").asText()).isEqualTo("SettableFuture");
        assertThat(firstWait(quote).get("kind").asText()).isEqualTo("completion");
        assertThat(fact(quote, "pending stages")).contains("addCallback").contains(gross.get("id").asText());

        // One task runs on the pool's only thread, three wait behind it in its queue.
        JsonNode worker = Snapshots.taskNamed(snapshot, "warehouse-0");
        List<JsonNode> submitted = tasks(snapshot, t -> t.get("name").asText().startsWith("submit("));
        assertThat(submitted).hasSize(4);
        List<String> waits = submitted.stream().map(t -> firstWait(t).get("description").asText()).toList();
        assertThat(waits).contains("submitted task is running on " + worker.get("id").asText());
        for (int place = 1; place <= 3; place++) {
            assertThat(waits).contains("submitted task is queued in ThreadPoolExecutor 'warehouse' at " + place + " of 3, behind its only thread "
                    + worker.get("id").asText());
        }
        if (live) {     // the queued lambdas are of one shape, a heap dump does not tell which is which
            assertThat(submitted).anySatisfy(t -> assertThat(t.get("frames").get(0).get("line").asInt())
                    .isEqualTo(SourceLines.of(SOURCE, "guavaQueued")));
        }
        assertThat(snapshot.get("deadlocks")).isEmpty();
    }
}
