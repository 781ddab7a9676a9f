package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.recognize.values.ValueReader;
import java.util.Collection;
import java.util.List;

/**
 * One runtime's knowledge of its tasks (threads, futures, Kotlin coroutines…), written once against
 * {@link HeapView} so that every source shows them. A snapshot takes every recognizer of
 * {@link Recognizers} through the same steps, each step for all of them before the next:
 * <ol>
 *   <li>{@link #stackNeeds()}: what it needs read from thread stacks (the threads' recognizer takes them);</li>
 *   <li>{@link #enumerated()}: the classes whose instances it lists, all enumerated in one pass over the heap;</li>
 *   <li>{@link #discover()}, in registry order: finds its objects, reading from {@link Findings} what the
 *       recognizers before it published and publishing what later ones need;</li>
 *   <li>{@link #shownValues()}: the values its tasks show, read in one batch for all;</li>
 *   <li>{@link #tasks(ValueReader)}: its tasks (it may read anything published by then).</li>
 * </ol>
 */
public interface Recognizer {

    /**
     * What a recognizer is made with: the heap, the snapshot's task ids, its gaps, and what runtimes tell each other.
     *
     * @param budget how many tasks may still be read: a recognizer admits its tasks' roots through it
     */
    record Scope(HeapView heap, TaskIds ids, List<String> gaps, Findings findings, TaskBudget budget) {}

    /** Makes a runtime's recognizer for one snapshot: the registry lists these. */
    @FunctionalInterface
    interface Factory {
        Recognizer create(Scope scope);
    }

    default StackNeeds stackNeeds() {
        return StackNeeds.NONE;
    }

    List<HeapClass> enumerated();

    void discover();

    Collection<HeapValue> shownValues();

    List<Task> tasks(ValueReader values);
}
