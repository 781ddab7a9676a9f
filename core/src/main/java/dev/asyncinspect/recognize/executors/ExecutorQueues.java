package dev.asyncinspect.recognize.executors;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.recognize.Findings;
import dev.asyncinspect.recognize.Recognizer;
import dev.asyncinspect.recognize.values.ValueReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What waits in the work queues of {@code ThreadPoolExecutor}s (and their scheduled subclass) and
 * {@code ForkJoinPool}s: each queued task with its executor's name and its place in line, published for
 * the runtimes whose tasks get queued (a {@code supplyAsync} that has not started yet). It makes no
 * tasks of its own.
 */
public final class ExecutorQueues implements Recognizer {

    /** A task waiting in an executor's queue: {@code position} from 1 (next to run), 0 where the walk stopped before it. */
    public record Queued(String executor, int position, int size, List<ObjectRef> workers) {
        public String description() {
            return "queued in " + executor + (position > 0 ? " at " + position + " of " + size : " (one of " + size + ")");
        }
    }

    public static final Findings.Key<Map<ObjectRef, Queued>> QUEUED = new Findings.Key<>("queued tasks", Map::of);
    static final String POOL = "java.util.concurrent.ThreadPoolExecutor";
    /** Queue entries walked per executor at most (a linked queue costs a read a step); past it a task's place in line is not told. */
    static final int MAX_WALK = 1_000;

    private final HeapView heap;
    private final Findings findings;

    public ExecutorQueues(Recognizer.Scope scope) {
        this.heap = scope.heap();
        this.findings = scope.findings();
    }

    @Override
    public List<HeapClass> enumerated() {
        List<HeapClass> pools = new ArrayList<>(heap.withSubclasses(POOL));
        pools.addAll(heap.withSubclasses(ForkJoinQueues.POOL));
        return pools;
    }

    @Override
    public void discover() {
        Map<ObjectRef, ObjectFields> all = heap.fields(heap.instances(enumerated()));
        Map<ObjectRef, ObjectFields> pools = new HashMap<>();
        List<ObjectFields> forkJoinPools = new ArrayList<>();
        all.forEach((ref, pool) -> {
            if (heap.isA(ref.type(), ForkJoinQueues.POOL)) {
                forkJoinPools.add(pool);
            } else {
                pools.put(ref, pool);
            }
        });
        Map<ObjectRef, ObjectFields> queues = heap.fields(pools.values().stream().map(p -> p.ref("workQueue")).filter(Objects::nonNull).toList());
        Map<ObjectRef, List<ObjectRef>> contents = QueueContents.of(heap, queues.values(), MAX_WALK);
        Map<ObjectRef, Integer> sizes = QueueContents.sizes(heap, queues.values(), contents);
        Map<ObjectRef, Queued> queued = new HashMap<>();
        Names names = new Names(heap, pools.values());
        for (ObjectFields pool : pools.values()) {
            ObjectFields queue = queues.get(pool.ref("workQueue"));
            List<ObjectRef> waiting = queue == null ? List.of() : contents.getOrDefault(queue.object(), List.of());
            if (waiting.isEmpty()) {
                continue;
            }
            String executor = pool.object().type().simpleName() + " '" + names.of(pool) + "'";
            boolean inOrder = !QueueContents.isHeapOrdered(queue);
            int size = sizes.get(queue.object());
            for (int i = 0; i < waiting.size(); i++) {
                queued.putIfAbsent(waiting.get(i), new Queued(executor, inOrder ? i + 1 : 0, size, names.workers(pool)));
            }
        }
        ForkJoinQueues.read(heap, forkJoinPools, MAX_WALK, queued);
        findings.publish(QUEUED, queued);
    }

    @Override
    public Collection<HeapValue> shownValues() {
        return List.of();
    }

    @Override
    public List<Task> tasks(ValueReader values) {
        return List.of();
    }

    /** The entries of the JDK's blocking queues, in the order they will be taken: all queues read together, a request a step. */
    static final class QueueContents {
        private QueueContents() {}

        static Map<ObjectRef, List<ObjectRef>> of(HeapView heap, Collection<ObjectFields> queues, int limit) {
            Map<ObjectRef, List<ObjectRef>> contents = new HashMap<>();
            Map<ObjectRef, ObjectRef> linkedAt = new HashMap<>();   // queue -> the node to read next
            Map<ObjectRef, ObjectFields> rings = new HashMap<>();
            for (ObjectFields queue : queues) {
                contents.put(queue.object(), new ArrayList<>());
                if (queue.has("items") && queue.has("takeIndex")) {
                    rings.put(queue.ref("items"), queue);
                } else if (isHeapOrdered(queue) && queue.has("queue")) {
                    rings.put(queue.ref("queue"), queue);
                } else if (queue.has("head")) {
                    linkedAt.put(queue.object(), dummyHeadNext(heap, queue.ref("head")));
                } else if (queue.has("first")) {
                    linkedAt.put(queue.object(), queue.ref("first"));
                }
            }
            rings.remove(null);
            // A ring buffer wraps from takeIndex, so it is read whole; a delayed queue's heap only as far as the limit.
            Map<ObjectRef, ArrayContents> arrays = new HashMap<>(heap.arrays(
                    rings.entrySet().stream().filter(r -> !isHeapOrdered(r.getValue())).map(Map.Entry::getKey).toList(), Integer.MAX_VALUE));
            arrays.putAll(heap.arrays(rings.entrySet().stream().filter(r -> isHeapOrdered(r.getValue())).map(Map.Entry::getKey).toList(), limit));
            rings.forEach((array, queue) -> contents.put(queue.object(), ring(queue, arrays.get(array), limit)));
            linkedAt.values().removeIf(Objects::isNull);
            for (int step = 0; !linkedAt.isEmpty() && step < limit; step++) {
                Map<ObjectRef, ObjectFields> nodes = heap.fields(linkedAt.values());
                linkedAt.entrySet().removeIf(at -> {
                    ObjectFields node = nodes.get(at.getValue());
                    if (node == null) {
                        return true;
                    }
                    if (node.ref("item") != null) {
                        contents.get(at.getKey()).add(node.ref("item"));
                    }
                    ObjectRef next = node.ref("next");
                    if (next == null || next.equals(node.object())) {
                        return true;
                    }
                    at.setValue(next);
                    return false;
                });
            }
            return contents;
        }

        /** LinkedBlockingQueue's head is a dummy node: its elements start at the one after it. */
        private static ObjectRef dummyHeadNext(HeapView heap, ObjectRef head) {
            ObjectFields node = head == null ? null : heap.fields(List.of(head)).get(head);
            return node == null ? null : node.ref("next");
        }

        /** A DelayedWorkQueue is a binary heap: its array's order is not the order of running. */
        static boolean isHeapOrdered(ObjectFields queue) {
            return queue.object().type().name().endsWith("$DelayedWorkQueue");
        }

        /** Each queue's length: its count (an int, or LinkedBlockingQueue's AtomicInteger) or size, at least what was walked. */
        static Map<ObjectRef, Integer> sizes(HeapView heap, Collection<ObjectFields> queues, Map<ObjectRef, List<ObjectRef>> contents) {
            Map<ObjectRef, ObjectFields> atomics = heap.fields(queues.stream().map(q -> q.get("count"))
                    .filter(v -> v != null && v.asObject() != null).map(HeapValue::asObject).toList());
            Map<ObjectRef, Integer> sizes = new HashMap<>();
            for (ObjectFields queue : queues) {
                int walked = contents.getOrDefault(queue.object(), List.of()).size();
                HeapValue count = queue.get("count");
                ObjectFields atomic = count == null || count.asObject() == null ? null : atomics.get(count.asObject());
                int told = atomic != null ? atomic.intValue("value", walked)
                        : queue.has("count") ? queue.intValue("count", walked) : queue.intValue("size", walked);
                sizes.put(queue.object(), Math.max(told, walked));
            }
            return sizes;
        }

        private static List<ObjectRef> ring(ObjectFields queue, ArrayContents array, int limit) {
            if (array == null) {
                return List.of();
            }
            if (isHeapOrdered(queue)) {
                int size = Math.min(queue.intValue("size", 0), array.first().size());
                return array.first().subList(0, size).stream().map(HeapValue::asObject).filter(Objects::nonNull).toList();
            }
            int count = queue.intValue("count", 0);
            int take = queue.intValue("takeIndex", 0);
            List<ObjectRef> found = new ArrayList<>();
            for (int i = 0; i < Math.min(count, limit); i++) {
                int at = (take + i) % array.length();
                ObjectRef item = at < array.first().size() ? array.first().get(at).asObject() : null;
                if (item != null) {
                    found.add(item);
                }
            }
            return found;
        }
    }
}
