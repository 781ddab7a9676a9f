package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.VmInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        // One pass over the heap for every class the recognizers list; their own asks are answered from it.
        List<HeapClass> enumerated = new ArrayList<>(ThreadRecognizer.enumerated(heap));
        enumerated.addAll(FutureRecognizer.enumerated(heap));
        enumerated.addAll(CoroutineRecognizer.enumerated(heap));
        heap.instances(enumerated);
        threads.discover();
        futures.discover(threads.joinedFutures(), threads.futuresBeingComputed());
        coroutines.discover(threads.resumedContinuations(), futures.sourcesByFunction());

        ValueReader values = new ValueReader(heap, limits, ids);
        List<HeapValue> shown = new ArrayList<>(threads.shownValues());
        shown.addAll(futures.shownValues());
        shown.addAll(coroutines.shownValues());
        values.prefetch(shown);

        List<Task> tasks = new ArrayList<>(threads.tasks(values));
        tasks.addAll(futures.tasks(values));
        tasks.addAll(coroutines.tasks(values));
        return new Snapshot(vm, Instant.now(), tasks, List.of(), gaps);
    }
}
