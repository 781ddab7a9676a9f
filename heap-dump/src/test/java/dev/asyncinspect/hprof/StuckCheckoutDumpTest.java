package dev.asyncinspect.hprof;

import static dev.asyncinspect.hprof.Shown.at;
import static dev.asyncinspect.hprof.Shown.fact;
import static dev.asyncinspect.hprof.Shown.firstWait;
import static dev.asyncinspect.hprof.Shown.frame;
import static dev.asyncinspect.hprof.Shown.named;
import static dev.asyncinspect.hprof.Shown.task;
import static dev.asyncinspect.hprof.Shown.variable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.WaitEdge;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code StuckCheckout} on JDK 17: threads stuck on a lock, a monitor and a future; the future's chain of
 * four pending stages with each lambda's origin and captured variables, down to the supplier still running.
 */
class StuckCheckoutDumpTest {

    private static final String SOURCE = "StuckCheckout.java";
    private static final String CHECKOUT = "dev.asyncinspect.examples.StuckCheckout.checkout";
    private static final String ORDER = "Order(id=7, customer=Customer(id=12345, name=\"ada\", priority=EXPRESS),"
            + " items=List[\"book\", \"lamp\", \"mug\", \"pen\"] (4), quantity=3)";

    private static Snapshot snapshot;

    @BeforeAll
    static void read(@TempDir Path dir) throws IOException {
        snapshot = CommittedDump.snapshot("stuck-checkout-jdk17", dir, CommittedDump.javaExamples());
    }

    private static int line(String marker) throws IOException {
        return Shown.line(SOURCE, marker);
    }

    @Test
    void threadsWithTheirLinesLocksAndWaits() throws Exception {
        assertThat(snapshot.vm().mainClass()).isEqualTo("dev.asyncinspect.examples.StuckCheckout");
        // A heap dump keeps no local slots: the one thing it cannot read as a live JVM would, and says so.
        assertThat(snapshot.gaps()).containsExactly("heap dump: the future a running supplyAsync/runAsync task computes is found"
                + " by the position of the frame's objects (the dump records no local slots)");

        Task worker = named(snapshot, "checkout-worker");
        assertThat(worker.kind()).isEqualTo(TaskKind.THREAD);
        assertThat(worker.state().label()).isEqualTo("WAITING (parked)");
        assertThat(at(worker.focusFrame())).isEqualTo(SOURCE + ":" + line("join"));
        assertThat(worker.focusFrame().function()).isEqualTo("dev.asyncinspect.examples.StuckCheckout.settle");
        assertThat(worker.holds()).singleElement().satisfies(lock -> {
            assertThat(lock.kind()).isEqualTo("lock");
            assertThat(lock.type()).isEqualTo("java.util.concurrent.locks.ReentrantLock$NonfairSync");
        });
        WaitEdge join = firstWait(worker);
        assertThat(join.kind()).isEqualTo(WaitEdge.Kind.FUTURE);
        assertThat(join.description()).isEqualTo("blocked in CompletableFuture.join on " + join.target());

        Task restock = named(snapshot, "restock");
        assertThat(at(frame(restock, "StuckCheckout.restock"))).isEqualTo(SOURCE + ":" + line("restock"));
        WaitEdge lock = firstWait(restock);
        assertThat(lock.kind().label()).isEqualTo("lock");
        assertThat(lock.target()).isEqualTo(worker.id());
        assertThat(lock.resource().id()).isEqualTo(worker.holds().get(0).id());
        assertThat(lock.description()).endsWith("held by " + worker.id() + " \"checkout-worker\"");
        assertThat(worker.waitedBy()).contains(restock.id());

        // Blocked on a monitor: the state and line are in a heap dump, the monitor's owner is not.
        Task auditor = named(snapshot, "auditor");
        assertThat(auditor.state().label()).isEqualTo("BLOCKED");
        assertThat(at(frame(auditor, "StuckCheckout.audit"))).isEqualTo(SOURCE + ":" + line("audit"));

        Task warehouse = snapshot.tasks().stream().filter(t -> t.kind() == TaskKind.THREAD
                && t.frames().stream().anyMatch(f -> f.function().endsWith("StuckCheckout.askWarehouse"))).findFirst().orElseThrow();
        assertThat(at(frame(warehouse, "StuckCheckout.askWarehouse"))).isEqualTo(SOURCE + ":" + line("warehouse"));
        assertThat(firstWait(warehouse).description()).startsWith("waits for CountDownLatch");

        Frame main = frame(named(snapshot, "main"), "StuckCheckout.main");
        assertThat(variable(main, "order")).isEqualTo(ORDER);
        assertThat(variable(main, "ada")).isEqualTo("Customer(id=12345, name=\"ada\", priority=EXPRESS)");
        assertThat(variable(main, "total")).isEqualTo("ref " + join.target() + " (CompletableFuture)");
        assertThat(variable(main, "worker")).isEqualTo("ref " + worker.id() + " (Thread)");
    }

    @Test
    void theFuturesChainStageByStageWithLambdaOriginsAndCaptures() throws Exception {
        Task worker = named(snapshot, "checkout-worker");
        Task total = task(snapshot, firstWait(worker).target());
        assertThat(total.kind()).isEqualTo(TaskKind.FUTURE);
        assertThat(total.name()).isEqualTo("thenCompose(StuckCheckout.checkout)");
        assertThat(total.state().label()).isEqualTo("pending");
        assertThat(fact(total, "chain")).isEqualTo("stage 4 of 4");
        assertThat(total.waitedBy()).containsExactly(worker.id());
        Frame shipping = frame(total, CHECKOUT);
        assertThat(at(shipping)).isEqualTo(SOURCE + ":" + line("shipping"));
        assertThat(shipping.note()).isEqualTo("thenCompose stage");
        assertThat(variable(shipping, "order")).isEqualTo(ORDER);

        Task discounted = task(snapshot, firstWait(total).target());
        assertThat(firstWait(total).description()).isEqualTo("thenCompose waits for CompletableFuture " + discounted.id());
        assertThat(discounted.name()).isEqualTo("thenApply(StuckCheckout.checkout)");
        assertThat(fact(discounted, "chain")).isEqualTo("stage 3 of 4");
        assertThat(fact(discounted, "pending stages")).isEqualTo("thenCompose → " + total.id());
        Frame discount = frame(discounted, CHECKOUT);
        assertThat(at(discount)).isEqualTo(SOURCE + ":" + line("discount"));
        assertThat(discount.note()).isEqualTo("thenApply stage");
        assertThat(variable(discount, "discount")).isEqualTo("0.1");

        Task subtotal = task(snapshot, firstWait(discounted).target());
        assertThat(fact(subtotal, "chain")).isEqualTo("stage 2 of 4");
        assertThat(at(frame(subtotal, CHECKOUT))).isEqualTo(SOURCE + ":" + line("subtotal"));
        assertThat(variable(frame(subtotal, CHECKOUT), "order")).isEqualTo(ORDER);

        Task price = task(snapshot, firstWait(subtotal).target());
        assertThat(price.name()).isEqualTo("supplyAsync (running)");
        assertThat(fact(price, "chain")).isEqualTo("stage 1 of 4");
        assertThat(fact(price, "pending stages")).isEqualTo("thenApply → " + subtotal.id());
        // The supplier still runs on a pool thread: the future waits for that thread.
        WaitEdge running = firstWait(price);
        assertThat(running.kind().label()).isEqualTo("thread");
        Task supplier = task(snapshot, running.target());
        assertThat(supplier.frames()).anyMatch(f -> f.function().endsWith("StuckCheckout.askWarehouse"));
        assertThat(running.description()).isEqualTo("computed by its async task, running on " + supplier.id());
        assertThat(supplier.waitedBy()).containsExactly(price.id());
        assertThat(snapshot.tasks()).filteredOn(t -> t.kind() == TaskKind.FUTURE).hasSize(4);
        assertThat(snapshot.deadlocks()).isEmpty();
    }
}
