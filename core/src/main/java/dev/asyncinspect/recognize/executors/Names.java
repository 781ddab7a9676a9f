package dev.asyncinspect.recognize.executors;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An executor's name as a person gave it: what its threads are called, less their numbers
 * ({@code warehouse-1}, {@code warehouse-2}: "warehouse"), else the JDK's default factory's prefix
 * ({@code pool-3-thread-}: "pool-3"), else its identity.
 */
final class Names {

    private static final int MAX_WORKERS = 64;

    private final Map<ObjectRef, String> names = new HashMap<>();
    private final Map<ObjectRef, List<ObjectRef>> workers = new HashMap<>();

    Names(HeapView heap, Collection<ObjectFields> pools) {
        Map<ObjectRef, ObjectFields> factories = heap.fields(pools.stream().map(p -> p.ref("threadFactory")).filter(Objects::nonNull).distinct().toList());
        for (ObjectFields pool : pools) {
            List<ObjectRef> threads = workerThreads(heap, pool);
            workers.put(pool.object(), threads);
            String name = commonName(heap.strings(threadNames(heap, threads)).values());
            if (name.isEmpty()) {
                ObjectFields factory = factories.get(pool.ref("threadFactory"));
                ObjectRef prefix = factory == null ? null : factory.ref("namePrefix");
                String text = prefix == null ? null : heap.strings(List.of(prefix)).get(prefix);
                name = text == null ? "" : text.replaceAll("-?thread-?$", "");
            }
            names.put(pool.object(), name.isEmpty() ? "@" + Long.toHexString(pool.object().id()) : name);
        }
    }

    String of(ObjectFields pool) {
        return names.get(pool.object());
    }

    /** The pool's worker threads (the ones that will run what is queued), as many as were read. */
    List<ObjectRef> workers(ObjectFields pool) {
        return workers.getOrDefault(pool.object(), List.of());
    }

    /** {@code workers} is a HashSet of Worker: its map's table holds the Workers as keys. */
    private static List<ObjectRef> workerThreads(HeapView heap, ObjectFields pool) {
        ObjectRef set = pool.ref("workers");
        ObjectFields setFields = set == null ? null : heap.fields(List.of(set)).get(set);
        ObjectRef map = setFields == null ? null : setFields.ref("map");
        ObjectFields mapFields = map == null ? null : heap.fields(List.of(map)).get(map);
        ObjectRef table = mapFields == null ? null : mapFields.ref("table");
        ArrayContents slots = table == null ? null : heap.arrays(List.of(table), Integer.MAX_VALUE).get(table);
        if (slots == null) {
            return List.of();
        }
        List<ObjectRef> nodes = slots.first().stream().map(HeapValue::asObject).filter(Objects::nonNull).toList();
        List<ObjectRef> keys = new ArrayList<>();
        while (!nodes.isEmpty() && keys.size() < MAX_WORKERS) {
            Map<ObjectRef, ObjectFields> read = heap.fields(nodes);
            List<ObjectRef> next = new ArrayList<>();
            for (ObjectFields node : read.values()) {
                if (node.ref("key") != null) {
                    keys.add(node.ref("key"));
                }
                if (node.ref("next") != null) {
                    next.add(node.ref("next"));
                }
            }
            nodes = next;
        }
        return heap.fields(keys).values().stream().map(w -> w.ref("thread")).filter(Objects::nonNull).toList();
    }

    private static List<ObjectRef> threadNames(HeapView heap, List<ObjectRef> threads) {
        return heap.fields(threads).values().stream().map(t -> t.ref("name")).filter(Objects::nonNull).toList();
    }

    /** The longest start all names share, without the numbers and separators that end it. */
    static String commonName(Collection<String> threadNames) {
        String common = null;
        for (String name : threadNames) {
            if (common == null) {
                common = name;
            } else {
                int i = 0;
                while (i < common.length() && i < name.length() && common.charAt(i) == name.charAt(i)) {
                    i++;
                }
                common = common.substring(0, i);
            }
        }
        if (common == null) {
            return "";
        }
        String trimmed = threadNames.size() > 1 ? common.replaceAll("[-_#. ]*\\d*$", "") : common.replaceAll("[-_#. ]+\\d+$", "");
        return trimmed.replaceAll("-?thread$", "").replaceAll("[-_#. ]+$", "");
    }
}
