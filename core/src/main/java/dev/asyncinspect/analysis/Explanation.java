package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A cycle told as a senior engineer would: who waits for what where, who holds it, and what to change. */
final class Explanation {

    private Explanation() {}

    static Deadlock of(List<WaitGraph.Step> cycle) {
        List<String> ids = new ArrayList<>();
        List<String> resources = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder chain = new StringBuilder();
        Set<String> kinds = new LinkedHashSet<>();
        for (WaitGraph.Step step : cycle) {
            Task task = step.from();
            ids.add(task.id());
            String resource = step.edge().resource() != null ? step.edge().resource().id() : step.edge().target();
            resources.add(resource);
            String shown = step.edge().resource() != null ? name(step.edge().resource()) : resource;
            kinds.add(step.edge().kind());
            text.append(String.format("  %s %s \"%s\" %s  (%s)%n", task.kind().label(), task.id(), task.name(),
                    step.edge().description(), where(task)));
            chain.append(task.name()).append(" → ");
            if (!resource.equals(step.edge().target())) {     // a future waited on is itself the next task
                chain.append(shown).append(" → ");
            }
        }
        chain.append(cycle.get(0).from().name());
        text.append("  cycle: ").append(chain).append('\n');
        text.append("  suggestion: ").append(suggestion(kinds));
        return new Deadlock(ids, resources, text.toString());
    }

    static String where(Task task) {
        Frame frame = task.focusFrame();
        if (frame == null) {
            return task.state() + " " + task.kind().label();
        }
        return frame.shortFunction() + " " + frame.location();
    }

    /** {@code java.util.concurrent.locks.ReentrantLock$NonfairSync} {@code @2e} → {@code ReentrantLock@2e}. */
    private static String name(dev.asyncinspect.model.Resource resource) {
        String simple = resource.type().substring(resource.type().lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        String type = nested > 0 ? simple.substring(0, nested) : simple;
        return resource.id().startsWith("@") ? type + resource.id() : resource.id();
    }

    private static String suggestion(Set<String> kinds) {
        List<String> advice = new ArrayList<>();
        boolean blockingOnFuture = kinds.contains("future")
                && (kinds.contains("lock") || kinds.contains("monitor") || kinds.contains("thread"));
        if ((kinds.contains("monitor") || kinds.contains("lock")) && !blockingOnFuture) {
            advice.add("take the locks in one global order everywhere, or use tryLock with a timeout and back off");
        }
        if (blockingOnFuture) {
            advice.add("never block on a future (join/get) while holding a lock its producer needs: release it first,"
                    + " or compose with thenApply/thenCompose instead of blocking");
        }
        if (kinds.contains("mutex")) {
            advice.add("take the Mutexes in one order everywhere, or use withTimeout / tryLock around the inner lock");
        }
        if (kinds.contains("await") || kinds.contains("join")) {
            advice.add("coroutines that await each other never finish: make one side not depend on the other,"
                    + " or bound the wait with withTimeout");
        }
        if (advice.isEmpty()) {
            advice.add("break one of the waits: add a timeout, or restructure so that no task waits for its own waiter");
        }
        return String.join("; ", advice);
    }
}
