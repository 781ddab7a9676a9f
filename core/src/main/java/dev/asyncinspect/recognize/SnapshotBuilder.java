package dev.asyncinspect.recognize;

import dev.asyncinspect.analysis.SnapshotAnalysis;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.values.ValueReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of one heap view: every registered recognizer taken through its steps together
 * (see {@link Recognizer}), the wait-for graph analysed, and the gaps of recognizers and view in one list.
 */
public final class SnapshotBuilder {

    private final ValueReader.Limits limits;
    private final TaskBudget budget;
    private final List<Recognizer.Factory> runtimes;

    public SnapshotBuilder(ValueReader.Limits limits) {
        this(limits, TaskBudget.UNBOUNDED);
    }

    /** @param sourceBudget the source's own bound on tasks, where {@code limits} ask for none */
    public SnapshotBuilder(ValueReader.Limits limits, TaskBudget sourceBudget) {
        this(limits, sourceBudget, Recognizers.ALL);
    }

    public SnapshotBuilder(ValueReader.Limits limits, TaskBudget sourceBudget, List<Recognizer.Factory> runtimes) {
        this.limits = limits;
        this.budget = limits.maxTasks() > 0 ? new TaskBudget(limits.maxTasks(), "--max-tasks " + limits.maxTasks()) : sourceBudget;
        this.runtimes = List.copyOf(runtimes);
    }

    public Snapshot build(HeapView heap, VmInfo vm) {
        List<String> gaps = new ArrayList<>();
        TaskIds ids = new TaskIds();
        Findings findings = new Findings();
        TaskBudget tasksLeft = budget.fresh();
        Recognizer.Scope scope = new Recognizer.Scope(heap, ids, gaps, findings, tasksLeft);
        List<Recognizer> recognizers = runtimes.stream().map(runtime -> runtime.create(scope)).toList();

        findings.publish(Findings.STACK_NEEDS, recognizers.stream().map(Recognizer::stackNeeds)
                .reduce(StackNeeds.NONE, StackNeeds::and));
        // One pass over the heap for every class the recognizers list; their own asks are answered from it.
        List<HeapClass> enumerated = new ArrayList<>();
        recognizers.forEach(r -> enumerated.addAll(r.enumerated()));
        heap.instances(enumerated);
        recognizers.forEach(Recognizer::discover);

        ValueReader values = new ValueReader(heap, limits, ids);
        List<HeapValue> shown = new ArrayList<>();
        recognizers.forEach(r -> shown.addAll(r.shownValues()));
        values.prefetch(shown);

        List<Task> tasks = new ArrayList<>();
        recognizers.forEach(r -> tasks.addAll(r.tasks(values)));
        gaps.addAll(heap.gaps());
        gaps.addAll(tasksLeft.gaps());
        return new SnapshotAnalysis().analyze(new Snapshot(vm, Instant.now(), tasks, List.of(), gaps));
    }
}
