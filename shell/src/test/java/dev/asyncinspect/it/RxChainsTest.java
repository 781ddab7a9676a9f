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
 * RxJava 3 chains that never complete, each a {@code reactive} task: a Single.create whose emitter is
 * never called under a thread in blockingGet(), a Flowable.timer under blockingFirst(), an
 * Observable.interval and a PublishSubject's flatMapSingle with an inner timer, subscribed with lambdas.
 */
@JvmTier
class RxChainsTest {

    private static final String EXAMPLE = "reactive.RxChains";
    private static final String SOURCE = "RxChains.java";

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void everyChainIsATask(Route route) throws Exception {
        try (TargetJvm target = route.start(EXAMPLE)) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            SnapshotSchema.assertValid("rx snapshot", result.out());
            JsonNode snapshot = Snapshots.parse(result.out());
            Snapshots.assertComplete(snapshot, route);
            assertChains(snapshot, true);
            assertThat(target.alive()).isTrue();
        }
    }

    @Test
    void heapDump(@TempDir Path dir) throws Exception {
        try (TargetJvm target = Route.AGENT_25.start(EXAMPLE)) {
            assertChains(HeapDumps.json(HeapDumps.take(Jdk.JDK25, target, dir)), false);
        }
    }

    /** @param live whether timers' time left can be told (a heap dump's clock is not this process's) */
    private static void assertChains(JsonNode snapshot, boolean live) throws Exception {
        JsonNode checkout = chain(snapshot, "create → map → filter → map → blockingGet");
        assertThat(firstWait(checkout).get("kind").asText()).isEqualTo("sink");
        assertThat(firstWait(checkout).get("description").asText()).contains("SingleEmitter (Single.create)");
        assertThat(operator(checkout, "rxCheckoutMap").get("note").asText()).isEqualTo("map");
        assertThat(variable(operator(checkout, "rxCheckoutMap"), "vat")).isEqualTo("0.2");
        assertThat(variable(operator(checkout, "rxCheckoutFilter"), "floor")).isEqualTo("10.0");
        JsonNode blocker = Snapshots.taskNamed(snapshot, "rx-checkout");
        assertThat(firstWait(blocker).get("kind").asText()).isEqualTo("publisher");
        assertThat(firstWait(blocker).get("target").asText()).isEqualTo(checkout.get("id").asText());
        assertThat(fact(checkout, "subscriber")).isEqualTo("Maybe.blockingGet() on " + blocker.get("id").asText());
        assertThat(blocker.get("frames").get(blocker.get("focusFrame").asInt()).get("line").asInt())
                .isEqualTo(SourceLines.of(SOURCE, "rxBlockingGet"));

        JsonNode report = chain(snapshot, "timer → map → blockingFirst");
        assertThat(firstWait(report).get("kind").asText()).isEqualTo("delay");
        if (live) {
            assertThat(firstWait(report).get("description").asText()).matches("timer fires in (59|60) min .*RxComputationThreadPool.*");
        }
        if (live) {     // in a heap dump, main's lambdas and this one are of one shape, next to each other: not told apart
            assertThat(variable(operator(report, "rxReportMap"), "quarter")).isEqualTo("\"q3\"");
            assertThat(variable(operator(heartbeat(snapshot), "rxIntervalMap"), "host")).isEqualTo("\"billing-1\"");
            assertThat(variable(operator(orders(snapshot), "rxFilter"), "prefix")).isEqualTo("\"order-\"");
        } else {
            assertThat(report.get("frames").get(1).get("variables").get(0).get("value").asText()).isEqualTo("\"q3\"");
        }
        assertThat(firstWait(Snapshots.taskNamed(snapshot, "rx-report")).get("target").asText()).isEqualTo(report.get("id").asText());

        assertThat(heartbeat(snapshot).get("frames").get(0).get("note").asText()).startsWith("interval");

        // The subject's chain waits on its subject and on the inner Single of the one order it received.
        JsonNode orders = orders(snapshot);
        List<String> kinds = new java.util.ArrayList<>();
        orders.get("waitingFor").forEach(w -> kinds.add(w.get("kind").asText()));
        assertThat(kinds).containsExactly("publisher", "sink");
        JsonNode shipping = task(snapshot, firstWait(orders).get("target").asText());
        assertThat(shipping.get("name").asText()).isEqualTo("timer → map (inner of flatMapSingle)");
        assertThat(fact(shipping, "subscriber")).isEqualTo("inner of flatMapSingle");
        assertThat(variable(operator(shipping, "rxShipMap"), "order")).isEqualTo("\"order-7\"");
        assertThat(variable(operator(shipping, "rxShipMap"), "region")).isEqualTo("\"eu-west\"");
        assertThat(firstWait(shipping).get("kind").asText()).isEqualTo("delay");

        // A thread inside map now: the chain runs on it (found from the stack: fromCallable leaves no waiting source).
        JsonNode pricing = chain(snapshot, "subscribeOn → map → subscribe", "running");
        JsonNode worker = Snapshots.taskNamed(snapshot, "RxCachedThreadScheduler-1");
        assertThat(fact(pricing, "running on")).isEqualTo(worker.get("id").asText());
        assertThat(firstWait(pricing).get("kind").asText()).isEqualTo("thread");
        assertThat(operator(pricing, "rxPricingMap").get("note").asText()).isEqualTo("map, running now on " + worker.get("id").asText());
        assertThat(worker.get("frames").get(worker.get("focusFrame").asInt()).get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "rxPricingAwait"));

        assertThat(tasks(snapshot, t -> t.get("kind").asText().equals("reactive"))).hasSize(6);
        assertThat(snapshot.get("deadlocks")).isEmpty();
    }

    private static JsonNode heartbeat(JsonNode snapshot) {
        return chain(snapshot, "interval → map → subscribe");
    }

    private static JsonNode orders(JsonNode snapshot) {
        return chain(snapshot, "PublishSubject → filter → flatMapSingle → subscribe");
    }

    private static JsonNode chain(JsonNode snapshot, String name) {
        return chain(snapshot, name, "subscribed");
    }

    private static JsonNode chain(JsonNode snapshot, String name, String state) {
        List<JsonNode> found = tasks(snapshot, t -> t.get("kind").asText().equals("reactive") && t.get("name").asText().equals(name));
        assertThat(found).as(name).hasSize(1);
        assertThat(found.get(0).get("state").asText()).isEqualTo(state);
        return found.get(0);
    }

    /** The operator whose lambda is written at this marked line. */
    private static JsonNode operator(JsonNode chain, String marker) throws Exception {
        int line = SourceLines.of(SOURCE, marker);
        for (JsonNode frame : chain.get("frames")) {
            if (frame.get("function").asText().contains("examples.reactive.RxChains") && frame.get("line").asInt() == line) {
                return frame;
            }
        }
        throw new AssertionError("no operator at " + SOURCE + ":" + line + " in " + chain);
    }
}
