package dev.asyncinspect.recognize.executors;

import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.recognize.TimeLeft;
import dev.asyncinspect.text.Durations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * When a runtime's scheduled work runs. A reactive runtime schedules a timer ({@code Mono.delay},
 * {@code Single.timer}, {@code interval}, a timeout) as a task in a {@code ScheduledThreadPoolExecutor}'s
 * queue, wrapped in a scheduler task of its own (directly, or behind the JDK's {@code RunnableAdapter}
 * when periodic) that keeps the runtime's runnable in a field. Read from the queued entries the
 * executors' recognizer found.
 */
public final class ScheduledRuns {

    /** A scheduled run: when (on the target's {@code System.nanoTime}), every how often (0 for once), in which executor. */
    public record Run(long nanoTime, long period, String executor) {
        public String due() {
            long left = TimeLeft.until(nanoTime);
            return left == 0 ? "due now" : "in " + Durations.text(left);
        }
    }

    private static final String SCHEDULED = "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask";
    private static final String ADAPTER = "java.util.concurrent.Executors$RunnableAdapter";

    private ScheduledRuns() {}

    /**
     * @param wrapper  whether a scheduled callable is the runtime's scheduler task (by its class name)
     * @param field    the wrapper's field holding the runtime's runnable
     * @return the scheduled runs by the runnable each will run
     */
    public static Map<ObjectRef, Run> read(HeapView heap, Map<ObjectRef, ExecutorQueues.Queued> queued, Predicate<String> wrapper, String field) {
        List<ObjectRef> scheduled = queued.keySet().stream().filter(t -> t.type().name().equals(SCHEDULED)).toList();
        if (scheduled.isEmpty()) {
            return Map.of();
        }
        Map<ObjectRef, ObjectFields> tasks = heap.fields(scheduled);
        Map<ObjectRef, ObjectFields> callables = heap.fields(tasks.values().stream().map(t -> t.ref("callable")).filter(c -> c != null).toList());
        Map<ObjectRef, ObjectFields> adapted = heap.fields(callables.values().stream()
                .filter(c -> c.object().type().name().equals(ADAPTER)).map(c -> c.ref("task")).filter(c -> c != null).toList());
        Map<ObjectRef, Run> runs = new HashMap<>();
        for (ObjectFields task : tasks.values()) {
            ObjectFields callable = callables.get(task.ref("callable"));
            if (callable != null && callable.object().type().name().equals(ADAPTER)) {
                callable = adapted.get(callable.ref("task"));
            }
            ObjectRef runnable = callable == null ? null : callable.ref(field);
            if (runnable != null && wrapper.test(callable.object().type().name())) {
                runs.put(runnable, new Run(task.longValue("time", 0), task.longValue("period", 0), queued.get(task.object()).executor()));
            }
        }
        return runs;
    }
}
