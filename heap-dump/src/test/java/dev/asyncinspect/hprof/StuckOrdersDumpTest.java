package dev.asyncinspect.hprof;

import static dev.asyncinspect.hprof.Shown.at;
import static dev.asyncinspect.hprof.Shown.coroutine;
import static dev.asyncinspect.hprof.Shown.fact;
import static dev.asyncinspect.hprof.Shown.firstWait;
import static dev.asyncinspect.hprof.Shown.frame;
import static dev.asyncinspect.hprof.Shown.task;
import static dev.asyncinspect.hprof.Shown.variable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code StuckOrders} (Kotlin 2, kotlinx-coroutines 1.10) on JDK 17 and 25, with nothing in the target
 * but the app: its Job tree, each coroutine's async stack at its suspension lines with the state machine's
 * state and spilled locals, and what each waits for (await, delay, join, Mutex, channels, a future, scopes).
 */
class StuckOrdersDumpTest {

    private static final String SOURCE = "StuckOrders.kt";
    private static final String KT = "dev.asyncinspect.examples.kotlin.StuckOrdersKt";

    @TempDir
    Path dir;

    private static String line(String marker) throws IOException {
        return SOURCE + ":" + Shown.line(SOURCE, marker);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stuck-orders-jdk17", "stuck-orders-jdk25"})
    void coroutineTreeStacksStatesSpilledLocalsAndWaits(String dump) throws Exception {
        Snapshot snapshot = CommittedDump.snapshot(dump, dir, CommittedDump.kotlinExamples());
        assertThat(snapshot.vm().mainClass()).isEqualTo(KT);
        assertThat(snapshot.gaps()).isEmpty();

        Task orders = coroutine(snapshot, "orders", "runBlocking");
        assertThat(orders.parent()).isNull();
        assertThat(fact(orders, "dispatcher")).isEqualTo("runBlocking event loop");
        assertThat(at(orders.frames().get(0))).isEqualTo(line("ordersJoin"));

        Task checkout = coroutine(snapshot, "checkout-12345", "launch");
        assertThat(checkout.state().label()).isEqualTo("suspended");
        assertThat(checkout.parent()).isEqualTo(orders.id());
        Frame fetchPrice = checkout.frames().get(0);
        assertThat(fetchPrice.function()).isEqualTo(KT + ".fetchPrice");
        assertThat(at(fetchPrice)).isEqualTo(line("fetchPrice"));
        assertThat(fetchPrice.note()).isEqualTo("state 1 of 1");
        assertThat(variable(fetchPrice, "orderId")).isEqualTo("12345");
        assertThat(variable(fetchPrice, "currency")).isEqualTo("\"EUR\"");
        Frame checkoutFrame = checkout.frames().get(1);
        assertThat(checkoutFrame.function()).isEqualTo(KT + ".checkout");
        assertThat(at(checkoutFrame)).isEqualTo(line("checkout"));
        assertThat(variable(checkoutFrame, "customer")).isEqualTo("\"ada\"");
        assertThat(variable(checkoutFrame, "attempt")).isEqualTo("2");
        assertThat(variable(checkoutFrame, "items")).isEqualTo("ArrayList[\"book\", \"lamp\"] (2)");
        assertThat(at(checkout.frames().get(2))).isEqualTo(line("launchCheckout"));
        assertThat(firstWait(checkout).kind().label()).isEqualTo("await");
        assertThat(firstWait(checkout).description()).startsWith("awaits Deferred CompletableDeferredImpl@");
        assertThat(firstWait(orders).kind().label()).isEqualTo("join");
        assertThat(firstWait(orders).target()).isEqualTo(checkout.id());

        Task inventory = coroutine(snapshot, "inventory", "async");
        Frame countStock = frame(inventory, "StuckOrdersKt.countStock");
        assertThat(at(countStock)).isEqualTo(line("inventory"));
        assertThat(variable(countStock, "sku")).isEqualTo("\"lamp\"");
        assertThat(variable(countStock, "shelf")).isEqualTo("\"A3\"");
        assertThat(firstWait(inventory).kind().label()).isEqualTo("delay");
        // (how much of the 30 days is left is measured against this machine's monotonic clock: not asserted on a committed dump)
        assertThat(firstWait(inventory).description()).startsWith("delay");
        Task shipper = coroutine(snapshot, "shipper", "launch");
        assertThat(at(frame(shipper, "StuckOrdersKt.ship"))).isEqualTo(line("shipper"));
        assertThat(variable(frame(shipper, "StuckOrdersKt.ship"), "carrier")).isEqualTo("\"parcel-post\"");
        assertThat(firstWait(shipper).target()).isEqualTo(inventory.id());
        Task reporter = coroutine(snapshot, "reporter", "launch");
        assertThat(at(frame(reporter, "StuckOrdersKt.reportWhenDone"))).isEqualTo(line("reporter"));
        assertThat(firstWait(reporter).kind().label()).isEqualTo("join");
        assertThat(firstWait(reporter).target()).isEqualTo(checkout.id());
        assertThat(checkout.waitedBy()).containsExactlyInAnyOrder(orders.id(), reporter.id());

        Task holder = coroutine(snapshot, "lock-holder", "launch");
        Frame holdLedger = frame(holder, "StuckOrdersKt.holdLedger");
        assertThat(at(holdLedger)).isEqualTo(line("lockHolder"));
        assertThat(holdLedger.note()).isEqualTo("state 2 of 2");
        assertThat(holder.holds()).singleElement().satisfies(mutex -> assertThat(mutex.kind()).isEqualTo("mutex"));
        Task waiter = coroutine(snapshot, "lock-waiter", "launch");
        Frame waitForLedger = frame(waiter, "StuckOrdersKt.waitForLedger");
        assertThat(at(waitForLedger)).isEqualTo(line("lockWaiter"));
        assertThat(variable(waitForLedger, "entry")).isEqualTo("\"refund-7\"");
        assertThat(firstWait(waiter).kind().label()).isEqualTo("mutex");
        assertThat(firstWait(waiter).target()).isEqualTo(holder.id());
        assertThat(firstWait(waiter).resource()).isEqualTo(holder.holds().get(0));

        Task producer = coroutine(snapshot, "producer", "launch");
        Frame produce = frame(producer, "StuckOrdersKt.produceLabels");
        assertThat(at(produce)).isEqualTo(line("producer"));
        assertThat(variable(produce, "label")).isEqualTo("3");
        assertThat(firstWait(producer).kind().label()).isEqualTo("channel-send");
        assertThat(firstWait(producer).description()).contains("2 of 2 buffered");
        Task consumer = coroutine(snapshot, "consumer", "launch");
        assertThat(at(frame(consumer, "StuckOrdersKt.consumeReplies"))).isEqualTo(line("consumer"));
        assertThat(firstWait(consumer).kind().label()).isEqualTo("channel-receive");
        assertThat(firstWait(consumer).description()).contains("rendezvous");

        Task collector = coroutine(snapshot, "collector", "launch");
        assertThat(at(collector.frames().get(0))).isEqualTo(line("emitter"));
        assertThat(collector.frames().get(0).note()).isEqualTo("state 2 of 3");
        Frame watch = frame(collector, "StuckOrdersKt.watchEvents");
        assertThat(at(watch)).isEqualTo(line("collector"));
        assertThat(variable(watch, "seen")).isEqualTo("1");

        Task futureWaiter = coroutine(snapshot, "future-waiter", "launch");
        assertThat(at(frame(futureWaiter, "StuckOrdersKt.awaitInvoice"))).isEqualTo(line("futureWaiter"));
        assertThat(firstWait(futureWaiter).kind().label()).isEqualTo("future");
        Task invoice = task(snapshot, firstWait(futureWaiter).target());
        assertThat(invoice.kind()).isEqualTo(TaskKind.FUTURE);
        assertThat(invoice.waitedBy()).contains(futureWaiter.id());

        Task fulfilment = coroutine(snapshot, "fulfilment", "launch");
        assertThat(at(frame(fulfilment, "StuckOrdersKt.fulfil"))).isEqualTo(line("coroutineScope"));
        Task scope = task(snapshot, firstWait(fulfilment).target());
        assertThat(fact(scope, "builder")).isEqualTo("coroutineScope");
        assertThat(scope.parent()).isEqualTo(fulfilment.id());
        assertThat(at(scope.frames().get(0))).isEqualTo(line("supervisorScope"));
        List<Task> packers = Shown.all(snapshot, TaskKind.COROUTINE, "packer");
        Task io = packers.stream().filter(p -> fact(p, "builder").equals("withContext")).findFirst().orElseThrow();
        assertThat(fact(io, "dispatcher")).isEqualTo("Dispatchers.IO");
        assertThat(at(io.frames().get(0))).isEqualTo(line("ioDelay"));
        Task packer = coroutine(snapshot, "packer", "launch");
        assertThat(packer.parent()).isEqualTo(scope.id());
        assertThat(io.parent()).isEqualTo(packer.id());
        Frame packBoxes = frame(packer, "StuckOrdersKt.packBoxes");
        assertThat(at(packBoxes)).isEqualTo(line("withContext"));
        assertThat(variable(packBoxes, "boxes")).isEqualTo("3");
        assertThat(variable(packBoxes, "orderId")).isEqualTo("12345");
        Task notifier = coroutine(snapshot, "notifier", "launch");
        assertThat(at(frame(notifier, "StuckOrdersKt.notifyCustomer"))).isEqualTo(line("notifier"));
        assertThat(variable(frame(notifier, "StuckOrdersKt.notifyCustomer"), "via")).isEqualTo("\"email\"");

        Task capturer = coroutine(snapshot, "capturer", "launch");
        assertThat(at(capturer.frames().get(0))).isEqualTo(line("capturer"));
        assertThat(variable(capturer.frames().get(0), "region")).isEqualTo("\"eu-west\"");

        Task spinner = coroutine(snapshot, "spinner", "launch");
        assertThat(spinner.state().label()).isEqualTo("running");
        assertThat(fact(spinner, "dispatcher")).isEqualTo("Dispatchers.Default");
        assertThat(spinner.frames().get(0).function()).isEqualTo(KT + ".crunchNumbers");
        assertThat(at(spinner.frames().get(0))).isEqualTo(line("spinner"));
        Task worker = task(snapshot, fact(spinner, "running on"));
        assertThat(worker.kind()).isEqualTo(TaskKind.THREAD);
        assertThat(worker.name()).startsWith("DefaultDispatcher-worker-");

        assertThat(snapshot.tasks()).filteredOn(t -> t.kind() == TaskKind.COROUTINE)
                .allSatisfy(c -> assertThat(c.parent() == null || snapshot.task(c.parent()).isPresent()).as(c.name()).isTrue());
        assertThat(snapshot.deadlocks()).isEmpty();
    }
}
