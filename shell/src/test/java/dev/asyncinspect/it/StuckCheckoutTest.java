package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.frame;
import static dev.asyncinspect.it.Snapshots.task;
import static dev.asyncinspect.it.Snapshots.taskNamed;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The demo app, dumped through the CLI: threads, locks, and a pending future chain with its captured variables. */
@JvmTier
class StuckCheckoutTest {

    private static final String EXAMPLE = "StuckCheckout";

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void jsonDumpShowsWhoWaitsForWhatAndWhy(Route route) throws Exception {
        try (TargetJvm target = route.start(EXAMPLE)) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode snapshot = Snapshots.parse(result.out());
            assertThat(snapshot.get("format").asText()).isEqualTo("async-inspect/1");
            assertThat(snapshot.get("vm").get("pid").asLong()).isEqualTo(target.pid());
            assertThat(snapshot.get("deadlocks").isArray()).isTrue();

            JsonNode worker = taskNamed(snapshot, "checkout-worker");
            assertThat(worker.get("kind").asText()).isEqualTo("thread");
            assertThat(worker.get("state").asText()).startsWith("WAITING");
            JsonNode settle = frame(worker, "StuckCheckout.settle");
            assertThat(settle.get("file").asText()).isEqualTo("StuckCheckout.java");
            assertThat(settle.get("line").asInt()).isEqualTo(SourceLines.of(EXAMPLE, "join"));
            JsonNode join = worker.get("waitingFor").get(0);
            assertThat(join.get("kind").asText()).isEqualTo("future");
            assertThat(worker.get("holds").toString()).contains("ReentrantLock").contains("java.lang.Object");

            JsonNode restock = taskNamed(snapshot, "restock");
            assertThat(frame(restock, "StuckCheckout.restock").get("line").asInt())
                    .isEqualTo(SourceLines.of(EXAMPLE, "restock"));
            assertThat(restock.get("waitingFor").get(0).get("kind").asText()).isEqualTo("lock");
            assertThat(restock.get("waitingFor").get(0).get("target").asText()).isEqualTo(worker.get("id").asText());

            JsonNode auditor = taskNamed(snapshot, "auditor");
            assertThat(auditor.get("state").asText()).isEqualTo("BLOCKED");
            assertThat(frame(auditor, "StuckCheckout.audit").get("line").asInt()).isEqualTo(SourceLines.of(EXAMPLE, "audit"));
            assertThat(auditor.get("waitingFor").get(0).get("kind").asText()).isEqualTo("monitor");
            assertThat(auditor.get("waitingFor").get(0).get("target").asText()).isEqualTo(worker.get("id").asText());

            // The future the worker joins: thenCompose, last of a chain of four, waiting for the discount stage.
            JsonNode total = task(snapshot, join.get("target").asText());
            assertThat(total.get("kind").asText()).isEqualTo("future");
            assertThat(total.get("state").asText()).isEqualTo("pending");
            assertThat(total.get("facts").get("chain").asText()).isEqualTo("stage 4 of 4");
            assertThat(total.get("waitedBy").toString()).contains(worker.get("id").asText());
            JsonNode shipping = frame(total, "StuckCheckout.checkout");
            assertThat(shipping.get("line").asInt()).isEqualTo(SourceLines.of(EXAMPLE, "shipping"));
            assertThat(variable(shipping, "order"))
                    .isEqualTo("Order(id=7, customer=Customer(id=12345, name=\"ada\", priority=EXPRESS), "
                            + "items=List[\"book\", \"lamp\", \"mug\", \"pen\"] (4), quantity=3)");

            JsonNode discounted = task(snapshot, total.get("waitingFor").get(0).get("target").asText());
            assertThat(discounted.get("facts").get("chain").asText()).isEqualTo("stage 3 of 4");
            JsonNode discount = frame(discounted, "StuckCheckout.checkout");
            assertThat(discount.get("line").asInt()).isEqualTo(SourceLines.of(EXAMPLE, "discount"));
            assertThat(variable(discount, "discount")).isEqualTo("0.1");

            JsonNode subtotal = task(snapshot, discounted.get("waitingFor").get(0).get("target").asText());
            assertThat(frame(subtotal, "StuckCheckout.checkout").get("line").asInt())
                    .isEqualTo(SourceLines.of(EXAMPLE, "subtotal"));
            JsonNode price = task(snapshot, subtotal.get("waitingFor").get(0).get("target").asText());
            assertThat(price.get("facts").get("chain").asText()).isEqualTo("stage 1 of 4");
            assertThat(price.get("frames")).isEmpty();

            JsonNode main = taskNamed(snapshot, "main");
            assertThat(variable(frame(main, "StuckCheckout.main"), "total")).startsWith(total.get("id").asText());
            assertThat(target.alive()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void textDumpPointsAtTheStuckLine(Route route) throws Exception {
        try (TargetJvm target = route.start(EXAMPLE)) {
            Tool.Result result = Tool.run(null, target, "dump");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out())
                    .contains("StuckCheckout.settle  StuckCheckout.java:" + SourceLines.of(EXAMPLE, "join") + "  ◄── STUCK HERE")
                    .contains("waits for ReentrantLock")
                    .contains("held by t")
                    .contains("thenApply stage  dev.asyncinspect.examples.StuckCheckout.checkout  StuckCheckout.java:"
                            + SourceLines.of(EXAMPLE, "discount"))
                    .contains("discount = 0.1");
        }
    }
}
