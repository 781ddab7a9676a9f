package dev.asyncinspect.recognize.reactor;

import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.recognize.TimeLeft;
import dev.asyncinspect.recognize.executors.ExecutorQueues;
import dev.asyncinspect.text.Durations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When Reactor's scheduled work runs: {@code Mono.delay}, {@code interval}, a timeout's timer and a
 * delayed element are each a task in a {@code ScheduledThreadPoolExecutor}'s queue, wrapped in a
 * scheduler task ({@code SchedulerTask}, {@code WorkerTask}, a periodic one behind the JDK's
 * {@code RunnableAdapter}). Read from the queued entries the executors' recognizer found.
 */
final class Timers {

    /** A scheduled run: when (on the target's {@code System.nanoTime}), every how often (0 for once), in which executor. */
    record Timer(long nanoTime, long period, String executor) {
        String due() {
            long left = TimeLeft.until(nanoTime);
            return left == 0 ? "due now" : "in " + Durations.text(left);
        }
    }

    private static final String SCHEDULED = "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask";
    private static final String ADAPTER = "java.util.concurrent.Executors$RunnableAdapter";

    private Timers() {}

    /** The scheduled runs, by the Reactor runnable each will run (a MonoDelayRunnable, an IntervalRunnable…). */
    static Map<ObjectRef, Timer> read(HeapView heap, Map<ObjectRef, ExecutorQueues.Queued> queued) {
        List<ObjectRef> scheduled = queued.keySet().stream().filter(t -> t.type().name().equals(SCHEDULED)).toList();
        if (scheduled.isEmpty()) {
            return Map.of();
        }
        Map<ObjectRef, ObjectFields> tasks = heap.fields(scheduled);
        Map<ObjectRef, ObjectFields> callables = heap.fields(tasks.values().stream().map(t -> t.ref("callable")).filter(c -> c != null).toList());
        Map<ObjectRef, ObjectFields> adapted = heap.fields(callables.values().stream()
                .filter(c -> c.object().type().name().equals(ADAPTER)).map(c -> c.ref("task")).filter(c -> c != null).toList());
        Map<ObjectRef, Timer> timers = new HashMap<>();
        for (ObjectFields task : tasks.values()) {
            ObjectFields callable = callables.get(task.ref("callable"));
            if (callable != null && callable.object().type().name().equals(ADAPTER)) {
                callable = adapted.get(callable.ref("task"));
            }
            ObjectRef runnable = callable == null ? null : callable.ref("task");
            if (runnable != null && callable.object().type().name().startsWith("reactor.core.scheduler.")) {
                timers.put(runnable, new Timer(task.longValue("time", 0), task.longValue("period", 0),
                        queued.get(task.object()).executor()));
            }
        }
        return timers;
    }
}
