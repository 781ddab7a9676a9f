package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.coroutine;
import static dev.asyncinspect.it.Snapshots.fact;
import static dev.asyncinspect.it.Snapshots.firstWait;
import static dev.asyncinspect.it.Snapshots.frame;
import static dev.asyncinspect.it.Snapshots.task;
import static dev.asyncinspect.it.Snapshots.taskNamed;
import static dev.asyncinspect.it.Snapshots.tasks;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same example apps as the live tests, inspected offline: a heap dump taken with jcmd, read with
 * {@code dump --heap}. Everything the heap knows must match the live snapshot; what a dump cannot know
 * (monitor owners) must be named in the gaps.
 */
@JvmTier
class HeapDumpTest {

    @TempDir
    Path dumps;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void stuckCheckoutFromAHeapDump(Jdk jdk) throws Exception {
        String example = "StuckCheckout";
        Path dump;
        try (TargetJvm target = TargetJvm.start(jdk, null, example)) {
            dump = HeapDumps.take(jdk, target, dumps);
        }
        JsonNode snapshot = HeapDumps.json(dump);
        assertThat(snapshot.get("format").asText()).isEqualTo("async-inspect/1");
        assertThat(snapshot.get("vm").get("source").asText()).isEqualTo("heap dump");
        assertThat(snapshot.get("vm").get("mainClass").asText()).isEqualTo("dev.asyncinspect.examples.StuckCheckout");
        assertThat(snapshot.get("vm").get("javaVersion").asText()).startsWith(jdk == Jdk.JDK17 ? "17" : "25");
        assertThat(snapshot.get("gaps").toString()).contains("monitor owners are not recorded");

        JsonNode worker = taskNamed(snapshot, "checkout-worker");
        assertThat(worker.get("state").asText()).startsWith("WAITING");
        JsonNode settle = frame(worker, "StuckCheckout.settle");
        assertThat(settle.get("file").asText()).isEqualTo("StuckCheckout.java");
        assertThat(settle.get("line").asInt()).isEqualTo(SourceLines.of(example, "join"));
        JsonNode join = worker.get("waitingFor").get(0);
        assertThat(join.get("kind").asText()).isEqualTo("future");
        assertThat(worker.get("holds").toString()).contains("ReentrantLock");

        JsonNode restock = taskNamed(snapshot, "restock");
        assertThat(frame(restock, "StuckCheckout.restock").get("line").asInt()).isEqualTo(SourceLines.of(example, "restock"));
        assertThat(restock.get("waitingFor").get(0).get("kind").asText()).isEqualTo("lock");
        assertThat(restock.get("waitingFor").get(0).get("target").asText()).isEqualTo(worker.get("id").asText());

        // Blocked on a monitor: the state and line are in the dump, the monitor's owner is not.
        JsonNode auditor = taskNamed(snapshot, "auditor");
        assertThat(auditor.get("state").asText()).isEqualTo("BLOCKED");
        assertThat(frame(auditor, "StuckCheckout.audit").get("line").asInt()).isEqualTo(SourceLines.of(example, "audit"));

        JsonNode total = task(snapshot, join.get("target").asText());
        assertThat(total.get("kind").asText()).isEqualTo("future");
        assertThat(total.get("state").asText()).isEqualTo("pending");
        assertThat(total.get("facts").get("chain").asText()).isEqualTo("stage 4 of 4");
        assertThat(total.get("waitedBy").toString()).contains(worker.get("id").asText());
        JsonNode shipping = frame(total, "StuckCheckout.checkout");
        assertThat(shipping.get("line").asInt()).isEqualTo(SourceLines.of(example, "shipping"));
        assertThat(variable(shipping, "order"))
                .isEqualTo("Order(id=7, customer=Customer(id=12345, name=\"ada\", priority=EXPRESS), "
                        + "items=List[\"book\", \"lamp\", \"mug\", \"pen\"] (4), quantity=3)");

        JsonNode discounted = task(snapshot, total.get("waitingFor").get(0).get("target").asText());
        assertThat(discounted.get("facts").get("chain").asText()).isEqualTo("stage 3 of 4");
        JsonNode discount = frame(discounted, "StuckCheckout.checkout");
        assertThat(discount.get("line").asInt()).isEqualTo(SourceLines.of(example, "discount"));
        assertThat(variable(discount, "discount")).isEqualTo("0.1");

        JsonNode subtotal = task(snapshot, discounted.get("waitingFor").get(0).get("target").asText());
        assertThat(frame(subtotal, "StuckCheckout.checkout").get("line").asInt()).isEqualTo(SourceLines.of(example, "subtotal"));
        JsonNode price = task(snapshot, subtotal.get("waitingFor").get(0).get("target").asText());
        assertThat(price.get("facts").get("chain").asText()).isEqualTo("stage 1 of 4");
        // The supplier still runs on a pool thread: the dump links the future to it.
        JsonNode supplier = tasks(snapshot, t -> t.get("frames").toString().contains("StuckCheckout.askWarehouse")).get(0);
        assertThat(price.get("waitingFor").get(0).get("target").asText()).isEqualTo(supplier.get("id").asText());

        JsonNode main = taskNamed(snapshot, "main");
        assertThat(variable(frame(main, "StuckCheckout.main"), "total")).startsWith(total.get("id").asText());

        // The text view and the read-only REPL over the same file.
        Tool.Result text = Tool.run(null, "dump", "--heap", dump.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("StuckCheckout.settle  StuckCheckout.java:" + SourceLines.of(example, "join") + "  ◄── STUCK HERE")
                .contains("thenApply stage  dev.asyncinspect.examples.StuckCheckout.checkout  StuckCheckout.java:"
                        + SourceLines.of(example, "discount"))
                .contains("discount = 0.1")
                .contains("missed: heap dump: monitor owners are not recorded");
        Tool.Result repl = Tool.run("tasks --name restock\nbreak StuckCheckout.java:" + SourceLines.of(example, "restock") + "\n",
                "attach", "--heap", dump.toString());
        assertThat(repl.exitCode()).as("break is refused on a read-only session").isEqualTo(1);
        assertThat(repl.out() + repl.err()).contains("restock").contains("JDWP").contains("the first: break StuckCheckout.java:");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void coroutinesFromAHeapDump(Jdk jdk) throws Exception {
        Path dump;
        try (TargetJvm target = TargetJvm.start(jdk, null, "kotlin.StuckOrdersKt")) {
            dump = HeapDumps.take(jdk, target, dumps);
        }
        JsonNode snapshot = HeapDumps.json(dump);
        String source = "StuckOrders.kt";

        JsonNode orders = coroutine(snapshot, "orders", "runBlocking");
        JsonNode checkout = coroutine(snapshot, "checkout-12345", "launch");
        assertThat(checkout.get("state").asText()).isEqualTo("suspended");
        assertThat(checkout.get("parent").asText()).isEqualTo(orders.get("id").asText());
        JsonNode fetchPrice = checkout.get("frames").get(0);
        assertThat(fetchPrice.get("function").asText()).isEqualTo("dev.asyncinspect.examples.kotlin.StuckOrdersKt.fetchPrice");
        assertThat(fetchPrice.get("file").asText()).isEqualTo(source);
        assertThat(fetchPrice.get("line").asInt()).isEqualTo(SourceLines.of(source, "fetchPrice"));
        assertThat(fetchPrice.get("note").asText()).isEqualTo("state 1 of 1");
        assertThat(variable(fetchPrice, "orderId")).isEqualTo("12345");
        assertThat(variable(fetchPrice, "currency")).isEqualTo("\"EUR\"");
        JsonNode checkoutFrame = checkout.get("frames").get(1);
        assertThat(checkoutFrame.get("line").asInt()).isEqualTo(SourceLines.of(source, "checkout"));
        assertThat(variable(checkoutFrame, "customer")).isEqualTo("\"ada\"");
        assertThat(variable(checkoutFrame, "attempt")).isEqualTo("2");
        assertThat(firstWait(checkout).get("kind").asText()).isEqualTo("await");

        JsonNode inventory = coroutine(snapshot, "inventory", "async");
        assertThat(frame(inventory, "StuckOrdersKt.countStock").get("line").asInt()).isEqualTo(SourceLines.of(source, "inventory"));
        assertThat(firstWait(inventory).get("description").asText()).startsWith("delay, 29 d");
        JsonNode shipper = coroutine(snapshot, "shipper", "launch");
        assertThat(firstWait(shipper).get("target").asText()).isEqualTo(inventory.get("id").asText());
        JsonNode reporter = coroutine(snapshot, "reporter", "launch");
        assertThat(firstWait(reporter).get("kind").asText()).isEqualTo("join");
        assertThat(firstWait(reporter).get("target").asText()).isEqualTo(checkout.get("id").asText());

        JsonNode holder = coroutine(snapshot, "lock-holder", "launch");
        assertThat(frame(holder, "StuckOrdersKt.holdLedger").get("line").asInt()).isEqualTo(SourceLines.of(source, "lockHolder"));
        JsonNode waiter = coroutine(snapshot, "lock-waiter", "launch");
        assertThat(firstWait(waiter).get("kind").asText()).isEqualTo("mutex");
        assertThat(firstWait(waiter).get("target").asText()).isEqualTo(holder.get("id").asText());

        JsonNode producer = coroutine(snapshot, "producer", "launch");
        assertThat(variable(frame(producer, "StuckOrdersKt.produceLabels"), "label")).isEqualTo("3");
        assertThat(firstWait(producer).get("description").asText()).contains("2 of 2 buffered");
        assertThat(firstWait(coroutine(snapshot, "consumer", "launch")).get("description").asText()).contains("rendezvous");

        JsonNode collector = coroutine(snapshot, "collector", "launch");
        assertThat(collector.get("frames").get(0).get("line").asInt()).isEqualTo(SourceLines.of(source, "emitter"));
        JsonNode futureWaiter = coroutine(snapshot, "future-waiter", "launch");
        assertThat(firstWait(futureWaiter).get("kind").asText()).isEqualTo("future");
        assertThat(task(snapshot, firstWait(futureWaiter).get("target").asText()).get("kind").asText()).isEqualTo("future");

        JsonNode capturer = coroutine(snapshot, "capturer", "launch");
        assertThat(capturer.get("frames").get(0).get("line").asInt()).isEqualTo(SourceLines.of(source, "capturer"));
        assertThat(variable(capturer.get("frames").get(0), "region")).isEqualTo("\"eu-west\"");

        List<JsonNode> packers = tasks(snapshot, t -> t.get("name").asText().equals("packer"));
        JsonNode io = packers.stream().filter(p -> fact(p, "builder").equals("withContext")).findFirst().orElseThrow();
        assertThat(fact(io, "dispatcher")).isEqualTo("Dispatchers.IO");
        assertThat(io.get("frames").get(0).get("line").asInt()).isEqualTo(SourceLines.of(source, "ioDelay"));

        JsonNode spinner = coroutine(snapshot, "spinner", "launch");
        assertThat(spinner.get("state").asText()).isEqualTo("running");
        assertThat(spinner.get("frames").get(0).get("function").asText()).endsWith("StuckOrdersKt.crunchNumbers");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void deadlocksWhoseEdgesAreHeapDataAreFound(Jdk jdk) throws Exception {
        Path locks;
        try (TargetJvm target = TargetJvm.start(jdk, null, "Deadlocks", "locks")) {
            locks = HeapDumps.take(jdk, target, dumps);
        }
        Tool.Result failing = Tool.run(null, "dump", "--heap", locks.toString(), "--fail-on-deadlock");
        assertThat(failing.exitCode()).as(failing.err()).isEqualTo(3);
        assertThat(failing.out()).contains("DEADLOCK DETECTED").contains("waits for ReentrantLock");
        assertOneCycle(HeapDumps.json(locks), "payout", "reconcile");

        Path futureLock;
        try (TargetJvm target = TargetJvm.start(jdk, null, "Deadlocks", "future-lock")) {
            futureLock = HeapDumps.take(jdk, target, dumps);
        }
        JsonNode snapshot = HeapDumps.json(futureLock);
        assertThat(snapshot.get("deadlocks")).hasSize(1);
        assertThat(snapshot.get("deadlocks").get(0).get("tasks").toString())
                .contains(taskNamed(snapshot, "settler").get("id").asText())
                .contains(taskNamed(snapshot, "summer").get("id").asText());

        if (jdk.hasVirtualThreads()) {
            Path virtual;
            try (TargetJvm target = TargetJvm.start(jdk, null, "Deadlocks", "virtual")) {
                virtual = HeapDumps.take(jdk, target, dumps);
            }
            JsonNode vthreads = HeapDumps.json(virtual);
            assertOneCycle(vthreads, "v-payout", "v-reconcile");
            // JDK 25's dumps carry the stacks of parked virtual threads too.
            assertThat(frame(taskNamed(vthreads, "v-payout"), "Deadlocks.inOrder").get("line").asInt()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void monitorDeadlocksCannotBeSeenAndTheGapSaysSo(Jdk jdk) throws Exception {
        Path dump;
        try (TargetJvm target = TargetJvm.start(jdk, null, "Deadlocks", "monitors")) {
            dump = HeapDumps.take(jdk, target, dumps);
        }
        JsonNode snapshot = HeapDumps.json(dump);
        assertThat(taskNamed(snapshot, "transfer").get("state").asText()).isEqualTo("BLOCKED");
        assertThat(taskNamed(snapshot, "audit").get("state").asText()).isEqualTo("BLOCKED");
        assertThat(snapshot.get("deadlocks")).isEmpty();
        assertThat(snapshot.get("gaps").toString()).contains("monitor deadlocks cannot be seen");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void everyKindOfValueReadsFromAHeapDumpAsFromTheLiveJvm(Jdk jdk) throws Exception {
        JsonNode live;
        Path dump;
        try (TargetJvm target = TargetJvm.start(jdk, null, "Values")) {
            live = Snapshots.dump(target);
            dump = HeapDumps.take(jdk, target, dumps);
        }
        JsonNode offline = HeapDumps.json(dump);
        JsonNode liveHold = frame(taskNamed(live, "values"), "Values.hold");
        JsonNode offlineHold = frame(taskNamed(offline, "values"), "Values.hold");
        assertEveryKindOfValue(liveHold);
        for (String name : List.of("kinds", "arrays", "payload", "word", "byName")) {
            assertThat(variable(offlineHold, name)).as(name).isEqualTo(variable(liveHold, name));
        }
    }

    /** Small dumps of {@code Values} taken on JDK 17 and 25, committed: read as they were written, with the classes given. */
    @ParameterizedTest
    @ValueSource(strings = {"values-jdk17.hprof.gz", "values-jdk25.hprof.gz"})
    void committedDumpsOfEveryKindOfValue(String name) throws Exception {
        Path dump = dumps.resolve(name.replace(".gz", ""));
        try (InputStream packed = new GZIPInputStream(HeapDumpTest.class.getResourceAsStream("/dumps/" + name))) {
            Files.copy(packed, dump);
        }
        Path classes = Path.of("..", "examples", "target", "classes").toAbsolutePath().normalize();
        JsonNode snapshot = HeapDumps.json(dump, "--class-path", classes.toString());
        assertThat(snapshot.get("vm").get("javaVersion").asText()).startsWith(name.contains("17") ? "17" : "25");
        assertEveryKindOfValue(frame(taskNamed(snapshot, "values"), "Values.hold"));
    }

    /** Each primitive array type, strings, boxed values and enums: alone, as fields and in collections. */
    private static void assertEveryKindOfValue(JsonNode hold) {
        assertThat(variable(hold, "kinds")).isEqualTo("Kinds(bytes=[1, 2, 3] (3), shorts=[-4, 5] (2), chars=['o', 'k'] (2),"
                + " ints=[7, 8, 9] (3), longs=[10000000000] (1), floats=[1.5] (1), doubles=[2.25, -0.5] (2),"
                + " flags=[true, false] (2), text=\"paid\", boxed=42, big=9000000000, letter='x', priority=URGENT)");
        assertThat(variable(hold, "arrays")).isEqualTo("List[[11] (1), [12, 13] (2), \"fourteen\", LOW] (4)");
        assertThat(variable(hold, "payload")).isEqualTo("[21, 22] (2)");
        assertThat(variable(hold, "word")).isEqualTo("['h', 'i'] (2)");
        assertThat(variable(hold, "byName")).isEqualTo("Map[…] (1)");
    }

    private static void assertOneCycle(JsonNode snapshot, String... names) {
        assertThat(snapshot.get("deadlocks")).hasSize(1);
        JsonNode cycle = snapshot.get("deadlocks").get(0);
        List<String> expected = java.util.Arrays.stream(names).map(n -> taskNamed(snapshot, n).get("id").asText()).toList();
        List<String> actual = new java.util.ArrayList<>();
        cycle.get("tasks").forEach(t -> actual.add(t.asText()));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(cycle.get("description").asText()).contains("cycle: ").contains("suggestion: ");
    }
}
