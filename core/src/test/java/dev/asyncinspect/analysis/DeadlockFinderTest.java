package dev.asyncinspect.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.WaitEdge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cycles found in graphs of known shape, including ones far too deep for a recursive walk. */
class DeadlockFinderTest {

    private static Task task(String id, String... waitsFor) {
        List<WaitEdge> edges = Arrays.stream(waitsFor).map(t -> new WaitEdge(WaitEdge.Kind.FUTURE, t, null, "waits for " + t)).toList();
        return new Task(id, TaskKind.FUTURE, id, new TaskState(TaskState.Phase.WAITING, "pending"), null, List.of(), edges, List.of(), List.of(), List.of());
    }

    private static List<List<String>> cycles(List<Task> tasks) {
        return new DeadlockFinder().find(new WaitGraph(tasks)).stream().map(Deadlock::taskIds).toList();
    }

    @Test
    void eachElementaryCycleOnceFromItsFirstTask() {
        List<Task> tasks = List.of(task("a", "b"), task("b", "c", "a"), task("c", "a"), task("d", "a"), task("e", "e"));
        assertThat(cycles(tasks)).containsExactlyInAnyOrder(List.of("a", "b"), List.of("a", "b", "c"), List.of("e"));
    }

    @Test
    void waitsThatLeadNowhereAreNoCycle() {
        List<Task> tasks = List.of(task("a", "b"), task("b", "c"), task("c"), task("d", "missing"), task("e", "a"));
        assertThat(cycles(tasks)).isEmpty();
    }

    @Test
    void aLongChainAndALongRingAreWalkedWithoutRecursion() {
        List<Task> tasks = new ArrayList<>();
        int length = 200_000;
        for (int i = 0; i < length; i++) {
            tasks.add(task("chain" + i, i + 1 < length ? "chain" + (i + 1) : "ring0"));
        }
        for (int i = 0; i < 1_000; i++) {
            tasks.add(task("ring" + i, "ring" + ((i + 1) % 1_000)));
        }
        List<List<String>> found = cycles(tasks);
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).hasSize(1_000).startsWith("ring0", "ring1");
    }

    @Test
    void aRingOfAHundredThousandIsOneDeadlock() {
        List<Task> tasks = new ArrayList<>();
        int length = 100_000;
        for (int i = 0; i < length; i++) {
            tasks.add(task("ring" + i, "ring" + ((i + 1) % length)));
        }
        List<List<String>> found = cycles(tasks);
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).hasSize(length).startsWith("ring0", "ring1").endsWith("ring99999");
    }

    @Test
    void aComponentDenseWithWaitsStopsAtAHundredCycles() {
        // 14 tasks each waiting for all the others: billions of elementary cycles.
        List<Task> tasks = new ArrayList<>();
        int size = 14;
        for (int i = 0; i < size; i++) {
            List<String> others = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                if (j != i) {
                    others.add("t" + j);
                }
            }
            tasks.add(task("t" + i, others.toArray(String[]::new)));
        }
        assertThat(cycles(tasks)).hasSize(100);
    }

    @Test
    void aCycleKeepsEachWaitAndAdviceForItsKinds() {
        WaitEdge lock = new WaitEdge(WaitEdge.Kind.LOCK, "b", new dev.asyncinspect.model.Resource("lock", "@2e",
                "java.util.concurrent.locks.ReentrantLock$NonfairSync"), "waits for ReentrantLock @2e held by b");
        Task a = new Task("a", TaskKind.THREAD, "a", new TaskState(TaskState.Phase.WAITING, "WAITING (parked)"), null,
                List.of(), List.of(lock), List.of(), List.of(), List.of());
        Task b = task("b", "a");
        Deadlock found = new DeadlockFinder().find(new WaitGraph(List.of(a, b))).get(0);
        assertThat(found.steps()).extracting(Deadlock.Step::taskId).containsExactly("a", "b");
        assertThat(found.steps().get(0).edge()).isEqualTo(lock);
        assertThat(found.resources()).containsExactly("@2e", "a");
        assertThat(found.advice()).containsExactly(Deadlock.Advice.NO_BLOCKING_ON_FUTURES);
        assertThat(new DeadlockFinder().find(new WaitGraph(List.of(task("x", "y"), task("y", "x")))).get(0).advice())
                .containsExactly(Deadlock.Advice.BREAK_A_WAIT);
    }
}
