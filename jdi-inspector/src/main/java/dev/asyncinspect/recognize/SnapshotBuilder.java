package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.model.WaitEdge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the recognizers over one heap view and assembles their tasks into a snapshot. */
public final class SnapshotBuilder {

    private final ValueReader.Limits limits;

    public SnapshotBuilder(ValueReader.Limits limits) {
        this.limits = limits;
    }

    public Snapshot build(HeapView heap, VmInfo vm) {
        List<String> gaps = new ArrayList<>();
        TaskIds ids = new TaskIds();
        ThreadRecognizer threads = new ThreadRecognizer(heap, ids, gaps);
        FutureRecognizer futures = new FutureRecognizer(heap, ids, new LambdaOrigins(heap));
        CoroutineRecognizer coroutines = new CoroutineRecognizer(heap, ids, gaps);
        threads.discover();
        futures.discover(threads.joinedFutures(), threads.runningAsyncTasks());
        coroutines.discover(threads.resumedContinuations(), futures.sourcesByFunction());

        ValueReader values = new ValueReader(heap, limits, ids);
        List<HeapValue> shown = new ArrayList<>(threads.shownValues());
        shown.addAll(futures.shownValues());
        shown.addAll(coroutines.shownValues());
        values.prefetch(shown);

        List<Task> tasks = new ArrayList<>(threads.tasks(values));
        tasks.addAll(futures.tasks(values));
        tasks.addAll(coroutines.tasks(values));
        return new Snapshot(vm, Instant.now(), withWaitedBy(tasks), List.of(), gaps);
    }

    /** Every wait edge read backwards: who waits for each task. */
    private static List<Task> withWaitedBy(List<Task> tasks) {
        Map<String, List<String>> waiters = new HashMap<>();
        for (Task task : tasks) {
            for (WaitEdge edge : task.waitingFor()) {
                if (edge.target() != null) {
                    waiters.computeIfAbsent(edge.target(), k -> new ArrayList<>()).add(task.id());
                }
            }
        }
        return tasks.stream().map(t -> t.withWaitedBy(waiters.getOrDefault(t.id(), List.of()))).toList();
    }
}
