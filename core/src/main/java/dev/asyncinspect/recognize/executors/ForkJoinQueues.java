package dev.asyncinspect.recognize.executors;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What waits in {@code ForkJoinPool}s' work queues. A pool keeps an array of {@code WorkQueue}s (the
 * even ones take submissions from outside, the odd ones belong to its workers), each a ring of tasks
 * from {@code base} to {@code top}, taken from {@code base} by the pool's other threads. One non-empty
 * queue tells a task's place in line; several only how many wait.
 */
final class ForkJoinQueues {

    static final String POOL = "java.util.concurrent.ForkJoinPool";
    private static final String WORKER_SUFFIX = "-worker-";

    private ForkJoinQueues() {}

    /** @param limit tasks read per pool at most */
    static void read(HeapView heap, Collection<ObjectFields> pools, int limit, Map<ObjectRef, ExecutorQueues.Queued> queued) {
        if (pools.isEmpty()) {
            return;
        }
        Map<ObjectRef, ArrayContents> slots = heap.arrays(pools.stream().map(p -> p.ref("queues")).filter(Objects::nonNull).toList(), 256);
        Map<ObjectRef, ObjectFields> workQueues = heap.fields(slots.values().stream().flatMap(a -> a.first().stream())
                .map(HeapValue::asObject).filter(Objects::nonNull).toList());
        List<ObjectRef> rings = workQueues.values().stream().filter(q -> q.intValue("top", 0) - q.intValue("base", 0) > 0)
                .map(q -> q.ref("array")).filter(Objects::nonNull).toList();
        Map<ObjectRef, ArrayContents> tasks = heap.arrays(rings, Integer.MAX_VALUE);
        Map<ObjectRef, String> prefixes = heap.strings(pools.stream().map(p -> p.ref("workerNamePrefix")).filter(Objects::nonNull).toList());
        for (ObjectFields pool : pools) {
            ArrayContents array = slots.get(pool.ref("queues"));
            if (array == null) {
                continue;
            }
            List<List<ObjectRef>> waiting = new ArrayList<>();
            List<ObjectRef> workers = new ArrayList<>();
            for (HeapValue slot : array.first()) {
                ObjectFields queue = slot.asObject() == null ? null : workQueues.get(slot.asObject());
                if (queue == null) {
                    continue;
                }
                if (queue.ref("owner") != null) {
                    workers.add(queue.ref("owner"));
                }
                List<ObjectRef> line = line(queue, tasks.get(queue.ref("array")), limit);
                if (!line.isEmpty()) {
                    waiting.add(line);
                }
            }
            int size = waiting.stream().mapToInt(List::size).sum();
            String executor = "ForkJoinPool '" + name(prefixes.get(pool.ref("workerNamePrefix"))) + "'";
            for (List<ObjectRef> line : waiting) {
                for (int i = 0; i < line.size(); i++) {
                    queued.putIfAbsent(line.get(i), new ExecutorQueues.Queued(executor, waiting.size() == 1 ? i + 1 : 0, size, workers));
                }
            }
        }
    }

    /** A queue's tasks from base (taken first) to top. */
    private static List<ObjectRef> line(ObjectFields queue, ArrayContents ring, int limit) {
        if (ring == null || ring.length() == 0) {
            return List.of();
        }
        int base = queue.intValue("base", 0);
        int top = queue.intValue("top", 0);
        List<ObjectRef> line = new ArrayList<>();
        for (int at = base; at != top && line.size() < limit; at++) {
            int slot = at & (ring.length() - 1);
            ObjectRef task = slot < ring.first().size() ? ring.first().get(slot).asObject() : null;
            if (task != null) {
                line.add(task);
            }
        }
        return line;
    }

    /** {@code ForkJoinPool.commonPool-worker-} → {@code commonPool}; {@code ForkJoinPool-3-worker-} → {@code ForkJoinPool-3}. */
    static String name(String workerNamePrefix) {
        if (workerNamePrefix == null) {
            return "?";
        }
        String name = workerNamePrefix.endsWith(WORKER_SUFFIX) ? workerNamePrefix.substring(0, workerNamePrefix.length() - WORKER_SUFFIX.length()) : workerNamePrefix;
        return name.startsWith("ForkJoinPool.") ? name.substring("ForkJoinPool.".length()) : name;
    }
}
