package dev.asyncinspect.hprof;

import static dev.asyncinspect.hprof.Shown.at;
import static dev.asyncinspect.hprof.Shown.firstWait;
import static dev.asyncinspect.hprof.Shown.frame;
import static dev.asyncinspect.hprof.Shown.line;
import static dev.asyncinspect.hprof.Shown.named;
import static dev.asyncinspect.hprof.Shown.task;
import static dev.asyncinspect.hprof.Shown.variable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.WaitEdge;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Deadlocks future-lock} on JDK 17: a thread joins a future while holding the lock that the future's
 * producer waits for. The cycle runs through three kinds of edge: a join, a running async task, a lock.
 */
class DeadlocksDumpTest {

    private static final String SOURCE = "Deadlocks.java";

    @TempDir
    Path dir;

    @Test
    void aThreadAFutureAndALockInOneCycle() throws Exception {
        Snapshot snapshot = CommittedDump.snapshot("deadlocks-future-lock-jdk17", dir, CommittedDump.javaExamples());
        assertThat(snapshot.vm().javaVersion()).startsWith("17.");
        assertThat(variable(frame(named(snapshot, "main"), "Deadlocks.main"), "mode")).isEqualTo("\"future-lock\"");

        Task settler = named(snapshot, "settler");
        assertThat(at(frame(settler, "Deadlocks.lambda$settleWhileLocked$0"))).isEqualTo(SOURCE + ":" + line(SOURCE, "join"));
        WaitEdge join = firstWait(settler);
        assertThat(join.kind()).isEqualTo(WaitEdge.Kind.FUTURE);
        Task total = task(snapshot, join.target());
        assertThat(total.kind()).isEqualTo(TaskKind.FUTURE);
        assertThat(total.name()).isEqualTo("supplyAsync (running)");
        assertThat(variable(frame(settler, "Deadlocks.lambda$settleWhileLocked$0"), "total"))
                .isEqualTo("ref " + total.id() + " (CompletableFuture)");

        Task summer = named(snapshot, "summer");
        assertThat(firstWait(total).kind().label()).isEqualTo("thread");
        assertThat(firstWait(total).target()).isEqualTo(summer.id());
        assertThat(at(frame(summer, "Deadlocks.sumWallet"))).isEqualTo(SOURCE + ":" + line(SOURCE, "sum"));
        WaitEdge lock = firstWait(summer);
        assertThat(lock.kind().label()).isEqualTo("lock");
        assertThat(lock.target()).isEqualTo(settler.id());
        assertThat(lock.resource().type()).isEqualTo("java.util.concurrent.locks.ReentrantLock$NonfairSync");
        assertThat(settler.holds()).extracting(r -> r.id()).containsExactly(lock.resource().id());
        assertThat(settler.waitedBy()).containsExactly(summer.id());
        assertThat(summer.waitedBy()).containsExactly(total.id());
        assertThat(total.waitedBy()).containsExactly(settler.id());

        assertThat(snapshot.deadlocks()).hasSize(1);
        Deadlock cycle = snapshot.deadlocks().get(0);
        assertThat(cycle.taskIds()).containsExactlyInAnyOrder(settler.id(), total.id(), summer.id());
        assertThat(cycle.resources()).contains(lock.resource().id());
        assertThat(cycle.steps()).extracting(step -> step.edge().kind())
                .contains(WaitEdge.Kind.LOCK, WaitEdge.Kind.FUTURE);
        assertThat(cycle.advice()).containsExactly(Deadlock.Advice.NO_BLOCKING_ON_FUTURES);
    }
}
