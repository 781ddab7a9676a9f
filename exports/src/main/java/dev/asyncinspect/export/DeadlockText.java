package dev.asyncinspect.export;

import dev.asyncinspect.text.Durations;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A deadlock told as a senior engineer would: who waits for what where, who holds it, and what to change. */
public final class DeadlockText {

    private DeadlockText() {}

    /** Its steps, one line each, the cycle in a line and the advice: the report's and the JSON's description. */
    public static String describe(Deadlock deadlock, Snapshot snapshot) {
        StringBuilder text = new StringBuilder();
        StringBuilder chain = new StringBuilder();
        String first = null;
        // One pass over the tasks for the whole cycle: a ring can be thousands long in a snapshot of a million.
        Set<String> ids = new HashSet<>(deadlock.taskIds());
        Map<String, Task> tasks = new HashMap<>();
        snapshot.tasks().stream().filter(t -> ids.contains(t.id())).forEach(t -> tasks.putIfAbsent(t.id(), t));
        for (Deadlock.Step step : deadlock.steps()) {
            Task task = tasks.get(step.taskId());
            String name = task == null ? step.taskId() : task.name();
            first = first == null ? name : first;
            text.append(String.format("  %s %s \"%s\" %s%s  (%s)%n", task == null ? "task" : task.kind().label(), step.taskId(),
                    name, step.edge().description(), task == null || task.inState() == null ? ""
                            : ", for " + Durations.text(task.inState()) + " so far", task == null ? "?" : where(task)));
            chain.append(name).append(" → ");
            if (!step.resource().equals(step.edge().target())) {     // a future waited on is itself the next task
                chain.append(step.edge().resource() != null ? name(step.edge().resource()) : step.resource()).append(" → ");
            }
        }
        chain.append(first);
        text.append("  cycle: ").append(chain).append('\n');
        text.append("  suggestion: ").append(advice(deadlock.advice()));
        return text.toString();
    }

    /** What to change, in one sentence per piece of advice. */
    public static String advice(List<Deadlock.Advice> advice) {
        return String.join("; ", advice.stream().map(DeadlockText::sentence).toList());
    }

    private static String sentence(Deadlock.Advice advice) {
        return switch (advice) {
            case LOCK_ORDER -> "take the locks in one global order everywhere, or use tryLock with a timeout and back off";
            case NO_BLOCKING_ON_FUTURES -> "never block on a future (join/get) while holding a lock its producer needs: release it first,"
                    + " or compose with thenApply/thenCompose instead of blocking";
            case MUTEX_ORDER -> "take the Mutexes in one order everywhere, or use withTimeout / tryLock around the inner lock";
            case NO_MUTUAL_AWAIT -> "coroutines that await each other never finish: make one side not depend on the other,"
                    + " or bound the wait with withTimeout";
            case BREAK_A_WAIT -> "break one of the waits: add a timeout, or restructure so that no task waits for its own waiter";
        };
    }

    private static String where(Task task) {
        Frame frame = task.focusFrame();
        return frame == null ? task.state().label() + " " + task.kind().label() : frame.shortFunction() + " " + frame.location();
    }

    /** {@code java.util.concurrent.locks.ReentrantLock$NonfairSync} {@code @2e} → {@code ReentrantLock@2e}. */
    private static String name(Resource resource) {
        String simple = resource.type().substring(resource.type().lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        String type = nested > 0 ? simple.substring(0, nested) : simple;
        return resource.id().startsWith("@") ? type + resource.id() : resource.id();
    }
}
