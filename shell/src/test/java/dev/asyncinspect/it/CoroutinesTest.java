package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.coroutine;
import static dev.asyncinspect.it.Snapshots.fact;
import static dev.asyncinspect.it.Snapshots.firstWait;
import static dev.asyncinspect.it.Snapshots.frame;
import static dev.asyncinspect.it.Snapshots.taskNamed;
import static dev.asyncinspect.it.Snapshots.tasks;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kotlin coroutines of an app started with nothing but JDWP (no DebugProbes, no agent): the Job
 * tree, async stacks at exact suspension lines with state and spilled locals, and what each waits for.
 */
@JvmTier
class CoroutinesTest {

    private static final String MAIN = "kotlin.StuckOrdersKt";
    private static final String SOURCE = "StuckOrders.kt";

    private static int line(String marker) throws Exception {
        return SourceLines.of(SOURCE, marker);
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void asyncStacksStatesVariablesAndWaits(Route route) throws Exception {
        try (TargetJvm target = route.start(MAIN)) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode snapshot = Snapshots.parse(result.out());
            Snapshots.assertComplete(snapshot, route);

            JsonNode orders = coroutine(snapshot, "orders", "runBlocking");
            JsonNode checkout = coroutine(snapshot, "checkout-12345", "launch");
            assertThat(checkout.get("state").asText()).isEqualTo("suspended");
            assertThat(checkout.get("parent").asText()).isEqualTo(orders.get("id").asText());
            JsonNode fetchPrice = checkout.get("frames").get(0);
            assertThat(fetchPrice.get("function").asText()).isEqualTo("dev.asyncinspect.examples.kotlin.StuckOrdersKt.fetchPrice");
            assertThat(fetchPrice.get("file").asText()).isEqualTo(SOURCE);
            assertThat(fetchPrice.get("line").asInt()).isEqualTo(line("fetchPrice"));
            assertThat(fetchPrice.get("note").asText()).isEqualTo("state 1 of 1");
            assertThat(variable(fetchPrice, "orderId")).isEqualTo("12345");
            assertThat(variable(fetchPrice, "currency")).isEqualTo("\"EUR\"");
            JsonNode checkoutFrame = checkout.get("frames").get(1);
            assertThat(checkoutFrame.get("function").asText()).endsWith("StuckOrdersKt.checkout");
            assertThat(checkoutFrame.get("line").asInt()).isEqualTo(line("checkout"));
            assertThat(variable(checkoutFrame, "customer")).isEqualTo("\"ada\"");
            assertThat(variable(checkoutFrame, "attempt")).isEqualTo("2");
            assertThat(variable(checkoutFrame, "items")).contains("\"book\"").contains("\"lamp\"");
            assertThat(firstWait(checkout).get("kind").asText()).isEqualTo("await");
            assertThat(fact(checkout, "debug probes")).isEqualTo(route.probes() ? "SUSPENDED" : "");
            assertThat(fact(checkout, "created at")).isEqualTo(route.creationStacks()
                    ? "StuckOrdersKt$main$1.invokeSuspend " + SOURCE + ":" + line("launchCheckout") : "");

            JsonNode inventory = coroutine(snapshot, "inventory", "async");
            assertThat(frame(inventory, "StuckOrdersKt.countStock").get("line").asInt()).isEqualTo(line("inventory"));
            assertThat(firstWait(inventory).get("kind").asText()).isEqualTo("delay");
            assertThat(firstWait(inventory).get("description").asText()).startsWith("delay, 29 d");

            JsonNode shipper = coroutine(snapshot, "shipper", "launch");
            assertThat(frame(shipper, "StuckOrdersKt.ship").get("line").asInt()).isEqualTo(line("shipper"));
            assertThat(firstWait(shipper).get("target").asText()).isEqualTo(inventory.get("id").asText());
            JsonNode reporter = coroutine(snapshot, "reporter", "launch");
            assertThat(firstWait(reporter).get("kind").asText()).isEqualTo("join");
            assertThat(firstWait(reporter).get("target").asText()).isEqualTo(checkout.get("id").asText());

            JsonNode holder = coroutine(snapshot, "lock-holder", "launch");
            assertThat(frame(holder, "StuckOrdersKt.holdLedger").get("line").asInt()).isEqualTo(line("lockHolder"));
            JsonNode waiter = coroutine(snapshot, "lock-waiter", "launch");
            assertThat(frame(waiter, "StuckOrdersKt.waitForLedger").get("line").asInt()).isEqualTo(line("lockWaiter"));
            assertThat(firstWait(waiter).get("kind").asText()).isEqualTo("mutex");

            JsonNode producer = coroutine(snapshot, "producer", "launch");
            JsonNode produce = frame(producer, "StuckOrdersKt.produceLabels");
            assertThat(produce.get("line").asInt()).isEqualTo(line("producer"));
            assertThat(variable(produce, "label")).isEqualTo("3");
            assertThat(firstWait(producer).get("kind").asText()).isEqualTo("channel-send");
            assertThat(firstWait(producer).get("description").asText()).contains("2 of 2 buffered");
            JsonNode consumer = coroutine(snapshot, "consumer", "launch");
            assertThat(firstWait(consumer).get("kind").asText()).isEqualTo("channel-receive");
            assertThat(firstWait(consumer).get("description").asText()).contains("rendezvous");

            JsonNode collector = coroutine(snapshot, "collector", "launch");
            assertThat(collector.get("frames").get(0).get("line").asInt()).isEqualTo(line("emitter"));
            assertThat(frame(collector, "StuckOrdersKt.watchEvents").get("line").asInt()).isEqualTo(line("collector"));

            JsonNode futureWaiter = coroutine(snapshot, "future-waiter", "launch");
            assertThat(frame(futureWaiter, "StuckOrdersKt.awaitInvoice").get("line").asInt()).isEqualTo(line("futureWaiter"));
            assertThat(firstWait(futureWaiter).get("kind").asText()).isEqualTo("future");
            JsonNode invoice = Snapshots.task(snapshot, firstWait(futureWaiter).get("target").asText());
            assertThat(invoice.get("kind").asText()).isEqualTo("future");

            JsonNode capturer = coroutine(snapshot, "capturer", "launch");
            assertThat(capturer.get("frames").get(0).get("line").asInt()).isEqualTo(line("capturer"));
            assertThat(variable(capturer.get("frames").get(0), "region")).isEqualTo("\"eu-west\"");

            List<JsonNode> packers = tasks(snapshot, t -> t.get("name").asText().equals("packer"));
            JsonNode io = packers.stream().filter(p -> fact(p, "builder").equals("withContext")).findFirst().orElseThrow();
            assertThat(fact(io, "dispatcher")).isEqualTo("Dispatchers.IO");
            assertThat(io.get("frames").get(0).get("line").asInt()).isEqualTo(line("ioDelay"));
            JsonNode supervisor = tasks(snapshot, t -> fact(t, "builder").equals("supervisorScope")).get(0);
            assertThat(supervisor.get("state").asText()).isEqualTo("completing");
            assertThat(firstWait(supervisor).get("kind").asText()).isEqualTo("child");

            JsonNode spinner = coroutine(snapshot, "spinner", "launch");
            assertThat(spinner.get("state").asText()).isEqualTo("running");
            assertThat(fact(spinner, "dispatcher")).isEqualTo("Dispatchers.Default");
            assertThat(spinner.get("frames").get(0).get("function").asText()).endsWith("StuckOrdersKt.crunchNumbers");
            assertThat(fact(spinner, "debug probes")).isEqualTo(route.probes() ? "RUNNING" : "");
            assertThat(target.alive()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void replShowsTheTreeAndFiltersCoroutines(Route route) throws Exception {
        try (TargetJvm target = route.start(MAIN)) {
            Tool.Result result = Tool.run("tree\ntasks --kind coroutine --state suspended --name checkout\n",
                    target, "attach");
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("runBlocking \"orders\" suspended")
                    .contains("└─ ").contains("launch \"checkout-12345\" suspended  StuckOrdersKt.fetchPrice " + SOURCE + ":" + line("fetchPrice"))
                    .contains("withContext \"packer\"");
            // a new connection: ids need not be the same, the name is
            Tool.Result detail = Tool.run(null, target, "attach", "--exec", "task checkout-12345");
            assertThat(detail.out()).contains("state: suspended  (state 1 of 1 at " + SOURCE + ":" + line("fetchPrice") + ")")
                    .contains("        attempt = 2").contains("        customer = \"ada\"");
        }
    }
}
