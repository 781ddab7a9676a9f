package dev.asyncinspect.recognize;

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

    /** Merges into what is published under a key: several runtimes may add blocking calls. */
    public void addBlockingCalls(Map<String, WaitEdge> calls) {
        @SuppressWarnings("unchecked")
        Map<String, WaitEdge> known = (Map<String, WaitEdge>) published.computeIfAbsent(BLOCKING_CALLS, k -> new HashMap<>());
        calls.forEach(known::putIfAbsent);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        Object value = published.get(key);
        return value != null ? (T) value : key.absent.get();
    }
}
