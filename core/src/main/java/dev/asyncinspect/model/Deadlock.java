package dev.asyncinspect.model;

import java.util.List;

/**
 * A cycle in the wait-for graph: each task's wait in order, each waiting for the next and the last
 * for the first, and what would break it. Views tell it; the analysis only finds it.
 */
public record Deadlock(List<Step> steps, List<Advice> advice) {

    public Deadlock {
        steps = List.copyOf(steps);
        advice = List.copyOf(advice);
    }

    /** One task of the cycle and its wait for the next. */
    public record Step(String taskId, WaitEdge edge) {

        /** What lies between this task and the next: the resource it waits for, or the next task itself (a future). */
        public String resource() {
            return edge.resource() != null ? edge.resource().id() : edge.target();
        }
    }

    /** The changes that break a cycle of these kinds of wait. */
    public enum Advice {
        /** Monitors or locks taken in different orders. */
        LOCK_ORDER,
        /** A thread blocks on a future while holding what the future's producer needs. */
        NO_BLOCKING_ON_FUTURES,
        /** Coroutine Mutexes taken in different orders. */
        MUTEX_ORDER,
        /** Coroutines that await or join each other. */
        NO_MUTUAL_AWAIT,
        /** Anything else: one of the waits must go. */
        BREAK_A_WAIT
    }

    public List<String> taskIds() {
        return steps.stream().map(Step::taskId).toList();
    }

    public List<String> resources() {
        return steps.stream().map(Step::resource).toList();
    }
}
