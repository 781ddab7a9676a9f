package dev.asyncinspect.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.model.WaitEdge;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A deadlock's steps told in the user's words, from the model alone. */
class DeadlockTextTest {

    private static final TaskState WAITING = new TaskState(TaskState.Phase.WAITING, "WAITING (parked)");

    @Test
    void eachWaitWhereItIsTheCycleAndTheAdvice() {
        WaitEdge lock = new WaitEdge(WaitEdge.Kind.LOCK, "f9", new Resource("lock", "@2e",
                "java.util.concurrent.locks.ReentrantLock$NonfairSync"), "waits for ReentrantLock @2e held by f9");
        WaitEdge runs = new WaitEdge(WaitEdge.Kind.THREAD, "t1", null, "computed by t1");
        Task settler = new Task("t1", TaskKind.THREAD, "settler", WAITING, null,
                List.of(new Frame("shop.Wallet.settle", "Wallet.java", 31, List.of(), null)), List.of(lock), List.of(), List.of(), List.of());
        Task total = new Task("f9", TaskKind.FUTURE, "supplyAsync", new TaskState(TaskState.Phase.WAITING, "pending"), null,
                List.of(), List.of(runs), List.of(), List.of(), List.of());
        Deadlock cycle = new Deadlock(List.of(new Deadlock.Step("t1", lock), new Deadlock.Step("f9", runs)),
                List.of(Deadlock.Advice.NO_BLOCKING_ON_FUTURES));
        Snapshot snapshot = new Snapshot(new VmInfo(1, "shop.Main", "17", "vm", "agent"), Instant.EPOCH,
                List.of(settler, total), List.of(cycle), List.of());

        assertThat(DeadlockText.describe(cycle, snapshot).lines().toList()).containsExactly(
                "  thread t1 \"settler\" waits for ReentrantLock @2e held by f9  (Wallet.settle Wallet.java:31)",
                "  future f9 \"supplyAsync\" computed by t1  (pending future)",
                "  cycle: settler → ReentrantLock@2e → supplyAsync → settler",
                "  suggestion: never block on a future (join/get) while holding a lock its producer needs: release it first,"
                        + " or compose with thenApply/thenCompose instead of blocking");
    }

    @Test
    void everyPieceOfAdviceHasItsSentence() {
        for (Deadlock.Advice advice : Deadlock.Advice.values()) {
            assertThat(DeadlockText.advice(List.of(advice))).isNotBlank().doesNotContain(advice.name());
        }
        assertThat(DeadlockText.advice(List.of(Deadlock.Advice.LOCK_ORDER, Deadlock.Advice.MUTEX_ORDER))).contains("; ");
    }
}
