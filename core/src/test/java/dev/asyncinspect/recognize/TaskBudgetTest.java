package dev.asyncinspect.recognize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.ObjectRef;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Roots admitted until the budget is spent, the rest counted per kind for the snapshot's gaps. */
class TaskBudgetTest {

    private static List<ObjectRef> refs(int count) {
        HeapClass type = new HeapClass(1, "java.util.concurrent.CompletableFuture");
        return LongStream.range(0, count).mapToObj(id -> new ObjectRef(id, type)).toList();
    }

    @Test
    void theFirstRootsThatFitAreReadAndTheRestAreNamed() {
        TaskBudget budget = new TaskBudget(10, "--max-tasks 10").fresh();
        assertThat(budget.admit("coroutines", refs(6))).hasSize(6);
        assertThat(budget.admit("pending stages of futures", refs(7))).hasSize(4);
        assertThat(budget.admit("virtual threads", refs(3))).isEmpty();
        assertThat(budget.gaps()).containsExactly(
                "budget: 3 of 7 pending stages of futures not read: a snapshot reads at most 10 (--max-tasks 10); dump --max-tasks changes it",
                "budget: 3 of 3 virtual threads not read: a snapshot reads at most 10 (--max-tasks 10); dump --max-tasks changes it");
    }

    @Test
    void unboundedReadsEverythingAndSaysNothing() {
        TaskBudget budget = TaskBudget.UNBOUNDED.fresh();
        assertThat(budget.admit("coroutines", refs(100_000))).hasSize(100_000);
        assertThat(budget.gaps()).isEmpty();
    }
}
