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
 * What waits in the work queues of {@code ThreadPoolExecutor}s (and their scheduled subclass): each
 * queued task with its executor's name and its place in line, published for the runtimes whose tasks
 * get queued (a {@code supplyAsync} that has not started yet). It makes no tasks of its own.
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
    /** Queue entries walked per executor at most; past it a task's place in line is not told. */
    static final int MAX_WALK = 10_000;

    private final HeapView heap;
    private final Findings findings;

    public ExecutorQueues(Recognizer.Scope scope) {
        this.heap = scope.heap();
        this.findings = scope.findings();
    }

    @Override
    public List<HeapClass> enumerated() {
        return heap.withSubclasses(POOL);
    }

    @Override
    public void discover() {
        Map<ObjectRef, ObjectFields> pools = heap.fields(heap.instances(enumerated()));
        Map<ObjectRef, ObjectFields> queues = heap.fields(pools.values().stream().map(p -> p.ref("workQueue")).filter(Objects::nonNull).toList());
        Map<ObjectRef, Queued> queued = new HashMap<>();
        Names names = new Names(heap, pools.values());
        for (ObjectFields pool : pools.values()) {
            ObjectFields queue = queues.get(pool.ref("workQueue"));
            if (queue == null) {
                continue;
            }
            List<ObjectRef> waiting = QueueContents.of(heap, queue, MAX_WALK);
            int size = QueueContents.size(heap, queue, waiting.size());
            if (waiting.isEmpty()) {
                continue;
            }
            String executor = pool.object().type().simpleName() + " '" + names.of(pool) + "'";
            boolean inOrder = !QueueContents.isHeapOrdered(queue);
            for (int i = 0; i < waiting.size(); i++) {
                queued.putIfAbsent(waiting.get(i), new Queued(executor, inOrder ? i + 1 : 0, size, names.workers(pool)));
            }
        }
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

    /** The entries of the JDK's blocking queues, in the order they will be taken. */
    static final class QueueContents {
        private QueueContents() {}

        static List<ObjectRef> of(HeapView heap, ObjectFields queue, int limit) {
            String type = queue.object().type().name();
            if (queue.has("items") && queue.has("takeIndex")) {
                return ring(heap, queue, limit);
            }
            if (queue.has("queue") && type.endsWith("$DelayedWorkQueue")) {
                return array(heap, queue.ref("queue"), queue.intValue("size", 0), limit);
            }
            if (queue.has("head")) {
                return linked(heap, queue.ref("head"), true, limit);
            }
            if (queue.has("first")) {
                return linked(heap, queue.ref("first"), false, limit);
            }
            return List.of();
        }

        /** A DelayedWorkQueue is a binary heap: its array's order is not the order of running. */
        static boolean isHeapOrdered(ObjectFields queue) {
            return queue.object().type().name().endsWith("$DelayedWorkQueue");
        }

        static int size(HeapView heap, ObjectFields queue, int walked) {
            HeapValue count = queue.get("count");
            if (count != null && count.asObject() != null) {
                ObjectFields atomic = heap.fields(List.of(count.asObject())).get(count.asObject());
                return atomic == null ? walked : Math.max(walked, atomic.intValue("value", walked));
            }
            int direct = queue.intValue("count", -1);
            return direct >= 0 ? Math.max(direct, walked) : queue.has("size") ? queue.intValue("size", walked) : walked;
        }

        private static List<ObjectRef> ring(HeapView heap, ObjectFields queue, int limit) {
            ObjectRef items = queue.ref("items");
            int count = queue.intValue("count", 0);
            if (items == null || count == 0) {
                return List.of();
            }
            ArrayContents array = heap.arrays(List.of(items), Integer.MAX_VALUE).get(items);
            if (array == null) {
                return List.of();
            }
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

        private static List<ObjectRef> array(HeapView heap, ObjectRef queue, int size, int limit) {
            if (queue == null || size == 0) {
                return List.of();
            }
            ArrayContents array = heap.arrays(List.of(queue), Math.min(size, limit)).get(queue);
            return array == null ? List.of() : array.first().stream().map(HeapValue::asObject).filter(Objects::nonNull).toList();
        }

        /** A linked queue's nodes ({@code item}, {@code next}); LinkedBlockingQueue's head is a dummy node. */
        private static List<ObjectRef> linked(HeapView heap, ObjectRef start, boolean dummyHead, int limit) {
            List<ObjectRef> found = new ArrayList<>();
            ObjectRef node = start;
            boolean skip = dummyHead;
            for (int steps = 0; node != null && steps <= limit; steps++) {
                ObjectFields fields = heap.fields(List.of(node)).get(node);
                if (fields == null) {
                    break;
                }
                if (!skip && fields.ref("item") != null) {
                    found.add(fields.ref("item"));
                }
                skip = false;
                ObjectRef next = fields.ref("next");
                node = next == null || next.equals(node) ? null : next;
            }
            return found;
        }
    }
}
