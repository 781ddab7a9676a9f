package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.WaitEdge;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A found cycle as the model keeps it: its steps, and the advice its kinds of wait call for. */
final class DeadlockAdvice {

    private DeadlockAdvice() {}

    static Deadlock of(List<WaitGraph.Step> cycle) {
        List<Deadlock.Step> steps = new ArrayList<>();
        Set<WaitEdge.Kind> kinds = EnumSet.noneOf(WaitEdge.Kind.class);
        for (WaitGraph.Step step : cycle) {
            steps.add(new Deadlock.Step(step.from().id(), step.edge()));
            kinds.add(step.edge().kind());
        }
        return new Deadlock(steps, advice(kinds));
    }

    private static List<Deadlock.Advice> advice(Set<WaitEdge.Kind> kinds) {
        List<Deadlock.Advice> advice = new ArrayList<>();
        boolean locks = kinds.contains(WaitEdge.Kind.MONITOR) || kinds.contains(WaitEdge.Kind.LOCK);
        boolean blockingOnFuture = kinds.contains(WaitEdge.Kind.FUTURE) && (locks || kinds.contains(WaitEdge.Kind.THREAD));
        if (locks && !blockingOnFuture) {
            advice.add(Deadlock.Advice.LOCK_ORDER);
        }
        if (blockingOnFuture) {
            advice.add(Deadlock.Advice.NO_BLOCKING_ON_FUTURES);
        }
        if (kinds.contains(WaitEdge.Kind.MUTEX)) {
            advice.add(Deadlock.Advice.MUTEX_ORDER);
        }
        if (kinds.contains(WaitEdge.Kind.AWAIT) || kinds.contains(WaitEdge.Kind.JOIN)) {
            advice.add(Deadlock.Advice.NO_MUTUAL_AWAIT);
        }
        if (advice.isEmpty()) {
            advice.add(Deadlock.Advice.BREAK_A_WAIT);
        }
        return advice;
    }
}
