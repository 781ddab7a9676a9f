package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.fact;
import static dev.asyncinspect.it.Snapshots.firstWait;
import static dev.asyncinspect.it.Snapshots.task;
import static dev.asyncinspect.it.Snapshots.tasks;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reactor pipelines that never complete, each a {@code reactive} task: its operators as frames (the
 * source innermost) with the lambdas' lines and captured values, what its source waits for (a future,
 * a timer, a sink, an inner pipeline) and who consumes it (a thread in block(), a toFuture() a thread
 * joins, a subscribe lambda, a BaseSubscriber that stopped asking: backpressure).
 */
@JvmTier
class ReactorPipelinesTest {

    private static final String EXAMPLE = "reactive.Pipelines";
    private static final String SOURCE = "Pipelines.java";

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void everyPipelineIsATask(Route route) throws Exception {
        try (TargetJvm target = route.start(EXAMPLE)) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            SnapshotSchema.assertValid("reactive snapshot", result.out());
            JsonNode snapshot = Snapshots.parse(result.out());
            Snapshots.assertComplete(snapshot, route);
            assertPipelines(snapshot, true);
            assertThat(snapshot.get("deadlocks")).isEmpty();
            assertThat(target.alive()).isTrue();
        }
    }

    @Test
    void heapDump(@TempDir Path dir) throws Exception {
        try (TargetJvm target = Route.AGENT_25.start(EXAMPLE)) {
            assertPipelines(HeapDumps.json(HeapDumps.take(Jdk.JDK25, target, dir)), false);
        }
    }

    /** @param live whether timers' time left can be told (a heap dump's clock is not this process's) */
    private static void assertPipelines(JsonNode snapshot, boolean live) throws Exception {
        // A thread in block() waits on the pipeline, the pipeline on the supplier's future.
        JsonNode checkout = pipeline(snapshot, "fromFuture → map → filter → flatMap → block");
        JsonNode source = checkout.get("frames").get(0);
        assertThat(source.get("note").asText()).isEqualTo("fromFuture");
        assertThat(operator(checkout, "map").get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "checkoutMap"));
        assertThat(variable(operator(checkout, "map"), "vat")).isEqualTo("0.2");
        assertThat(variable(operator(checkout, "filter"), "floor")).isEqualTo("10.0");
        assertThat(operator(checkout, "filter").get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "checkoutFilter"));
        assertThat(variable(operator(checkout, "flatMap"), "currency")).isEqualTo("\"EUR\"");
        assertThat(firstWait(checkout).get("kind").asText()).isEqualTo("future");
        JsonNode quote = task(snapshot, firstWait(checkout).get("target").asText());
        assertThat(quote.get("kind").asText()).isEqualTo("future");
        assertThat(variable(source, "future")).startsWith(quote.get("id").asText());
        assertThat(fact(quote, "pending stages")).isEqualTo("fromFuture → " + checkout.get("id").asText());
        JsonNode blocker = Snapshots.taskNamed(snapshot, "checkout-blocker");
        assertThat(firstWait(blocker).get("kind").asText()).isEqualTo("publisher");
        assertThat(firstWait(blocker).get("target").asText()).isEqualTo(checkout.get("id").asText());
        assertThat(fact(checkout, "subscriber")).isEqualTo("Mono.block() on " + blocker.get("id").asText());
        // fromFuture's own stage on the future is Reactor's machinery, not a future task of its own.
        assertThat(tasks(snapshot, t -> t.get("name").asText().startsWith("handle("))).isEmpty();

        // join() on toFuture() of a zip: thread → future → pipeline → the zip's inner pipeline → the payment future.
        JsonNode waiter = Snapshots.taskNamed(snapshot, "receipt-waiter");
        JsonNode receiptFuture = task(snapshot, firstWait(waiter).get("target").asText());
        assertThat(firstWait(receiptFuture).get("description").asText()).contains("(toFuture)");
        JsonNode receipt = task(snapshot, firstWait(receiptFuture).get("target").asText());
        assertThat(receipt.get("name").asText()).isEqualTo("zip → map → toFuture");
        if (live) {     // a heap dump does not always place a lambda that captures nothing
            assertThat(operator(receipt, "map").get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "receiptMap"));
        }
        JsonNode inner = task(snapshot, firstWait(receipt).get("target").asText());
        assertThat(inner.get("name").asText()).isEqualTo("fromFuture (inner of zip)");
        assertThat(task(snapshot, firstWait(inner).get("target").asText()).get("kind").asText()).isEqualTo("future");

        JsonNode reminder = pipeline(snapshot, "delay → map → subscribe");
        assertThat(firstWait(reminder).get("kind").asText()).isEqualTo("delay");
        if (live) {
            assertThat(firstWait(reminder).get("description").asText()).matches("delay fires in (59|60) min .*\\(ScheduledThreadPoolExecutor 'parallel'\\)");
        }
        assertThat(variable(operator(reminder, "map"), "region")).isEqualTo("\"eu-west\"");
        assertThat(fact(reminder, "subscriber")).isEqualTo("subscribe(" + SOURCE + ":" + SourceLines.of(SOURCE, "delaySubscribe") + ")");

        JsonNode approval = pipeline(snapshot, "Sinks.one → timeout → map → subscribe");
        assertThat(kinds(approval)).containsExactly("sink", "delay");
        assertThat(firstWait(approval).get("description").asText()).startsWith("waits for Sinks.one() sink@");
        assertThat(approval.get("waitingFor").get(1).get("description").asText()).startsWith("timeout 30 min");
        assertThat(variable(operator(approval, "map"), "orderId")).isEqualTo("\"order-42\"");

        JsonNode stock = pipeline(snapshot, "fromArray → flatMap → filter → subscribe");
        assertThat(kinds(stock)).containsExactly("publisher", "publisher");
        for (JsonNode wait : stock.get("waitingFor")) {
            JsonNode each = task(snapshot, wait.get("target").asText());
            assertThat(each.get("name").asText()).isEqualTo("fromFuture (inner of flatMap)");
            assertThat(task(snapshot, firstWait(each).get("target").asText()).get("kind").asText()).isEqualTo("future");
        }
        assertThat(variable(operator(stock, "filter"), "minimum")).isEqualTo("5");

        JsonNode heartbeat = pipeline(snapshot, "interval → map → publishOn → subscribe");
        assertThat(heartbeat.get("frames").get(0).get("note").asText()).startsWith("interval");
        assertThat(variable(operator(heartbeat, "map"), "host")).isEqualTo("\"billing-1\"");

        JsonNode callback = pipeline(snapshot, "create → map → subscribe");
        assertThat(firstWait(callback).get("kind").asText()).isEqualTo("sink");
        // Backpressure: the consumer asked for one value, publishOn holds the rest it fetched ahead.
        JsonNode backlog = pipeline(snapshot, "range → map → publishOn");
        assertThat(fact(backlog, "subscriber")).isEqualTo("a BaseSubscriber, dev.asyncinspect.examples.reactive.Pipelines$1");
        assertThat(firstWait(backlog).get("description").asText()).isEqualTo("range waits for demand: downstream has requested nothing more (backpressure)");
        assertThat(backlog.get("frames").get(0).get("note").asText()).isEqualTo("range, requested 0");
        assertThat(backlog.get("frames").get(2).get("note").asText()).isEqualTo("publishOn, demand 0 (requested 1, delivered 1), 15 buffered");
        assertThat(variable(operator(backlog, "map"), "factor")).isEqualTo("3");

        // A thread inside map now: the pipeline runs on it, and waits on what that thread waits for.
        List<JsonNode> runningNow = tasks(snapshot, t -> t.get("kind").asText().equals("reactive") && t.get("name").asText().equals("subscribeOn → map → subscribe"));
        assertThat(runningNow).hasSize(1);
        JsonNode pricing = runningNow.get(0);
        JsonNode worker = Snapshots.taskNamed(snapshot, "boundedElastic-2");
        assertThat(pricing.get("state").asText()).isEqualTo("running");
        assertThat(fact(pricing, "running on")).isEqualTo(worker.get("id").asText());
        assertThat(firstWait(pricing).get("kind").asText()).isEqualTo("thread");
        assertThat(firstWait(pricing).get("target").asText()).isEqualTo(worker.get("id").asText());
        assertThat(operator(pricing, "map, running now on " + worker.get("id").asText()).get("line").asInt())
                .isEqualTo(SourceLines.of(SOURCE, "pricingMap"));
        assertThat(worker.get("frames").get(worker.get("focusFrame").asInt()).get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "pricingAwait"));
        assertThat(tasks(snapshot, t -> t.get("kind").asText().equals("reactive") && t.get("state").asText().equals("running")))
                .hasSize(1);

        assertThat(tasks(snapshot, t -> t.get("kind").asText().equals("reactive"))).hasSize(12);
    }

    private static JsonNode pipeline(JsonNode snapshot, String name) {
        List<JsonNode> found = tasks(snapshot, t -> t.get("kind").asText().equals("reactive") && t.get("name").asText().equals(name));
        assertThat(found).as(name).hasSize(1);
        assertThat(found.get(0).get("state").asText()).isEqualTo("subscribed");
        return found.get(0);
    }

    /** The frame of the operator with this name (its note), written in the example. */
    private static JsonNode operator(JsonNode pipeline, String name) {
        for (JsonNode frame : pipeline.get("frames")) {
            if (frame.path("note").asText().equals(name) && frame.get("function").asText().contains("examples.reactive.Pipelines")) {
                return frame;
            }
        }
        throw new AssertionError("no operator " + name + " in " + pipeline);
    }

    private static List<String> kinds(JsonNode task) {
        List<String> kinds = new ArrayList<>();
        task.get("waitingFor").forEach(w -> kinds.add(w.get("kind").asText()));
        return kinds;
    }
}
