package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.ThreadSample;
import dev.asyncinspect.model.WaitEdge;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one runtime's recognizer tells another during a snapshot, by typed keys that the telling
 * runtime declares: the threads' stacks, the future a coroutine awaits through a bridge, the
 * thread blocked in a runtime's own blocking call. A key nobody published reads as its empty value,
 * so a runtime missing from the target (or the registry) costs its readers nothing.
 */
public final class Findings {

    /** What {@link Recognizer#stackNeeds()} asked for, all runtimes' together; published before discovery. */
    public static final Key<StackNeeds> STACK_NEEDS = new Key<>("stack needs", () -> StackNeeds.NONE);
    /** Every sampled thread's stack, by the thread's task id; published by the threads' recognizer. */
    public static final Key<Map<String, ThreadSample>> THREAD_SAMPLES = new Key<>("thread samples", Map::of);
    /**
     * Threads blocked in a runtime's blocking call (a future's {@code join}, a pipeline's {@code block}),
     * by the thread's task id, with what they wait for: the runtime that knows the call says so, and the
     * thread shows that rather than the monitor or park underneath.
     */
    public static final Key<Map<String, WaitEdge>> BLOCKING_CALLS = new Key<>("blocking calls", Map::of);
    /**
     * Stage functions registered on a CompletableFuture by another runtime's code (a pipeline's
     * {@code Mono.fromFuture}), by the id of the task that shows them: the future such a stage completes
     * is that runtime's machinery, not a task of its own.
     */
    public static final Key<Map<ObjectRef, String>> STAGE_OWNERS = new Key<>("stage owners", Map::of);
    /** CompletableFutures another runtime completes ({@code Mono.toFuture}), by the id of the task that will. */
    public static final Key<Map<ObjectRef, String>> FUTURE_COMPLETERS = new Key<>("future completers", Map::of);
    /**
     * Reactive Streams subscribers of code outside the pipeline's runtime (kotlinx's awaitSingle, a plain
     * Subscriber), by the id of the pipeline task they consume.
     */
    public static final Key<Map<ObjectRef, String>> SUBSCRIBED = new Key<>("subscribed", Map::of);

    /** A kind of finding, with its value when nobody published one. Compared by identity: declare each once. */
    public static final class Key<T> {
        private final String name;
        private final Supplier<T> absent;

        public Key(String name, Supplier<T> absent) {
            this.name = name;
            this.absent = absent;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Map<Key<?>, Object> published = new HashMap<>();

    public <T> void publish(Key<T> key, T value) {
        if (published.putIfAbsent(key, value) != null) {
            throw new IllegalStateException(key + " published twice");
        }
    }

    /** Merges into what is published under a key that several runtimes add to (blocking calls, stage owners); the first to tell wins. */
    public <K, V> void merge(Key<Map<K, V>> key, Map<K, V> entries) {
        @SuppressWarnings("unchecked")
        Map<K, V> known = (Map<K, V>) published.computeIfAbsent(key, k -> new HashMap<>());
        entries.forEach(known::putIfAbsent);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        Object value = published.get(key);
        return value != null ? (T) value : key.absent.get();
    }
}
