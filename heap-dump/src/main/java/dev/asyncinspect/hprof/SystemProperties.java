package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dumped JVM's system properties, read from {@code System.props} (a Properties whose entries live in
 * a ConcurrentHashMap since JDK 9, in the Hashtable itself before): its class path, version and command.
 */
final class SystemProperties {

    private SystemProperties() {}

    static Map<String, String> read(HeapView heap) {
        for (HeapClass system : heap.classesNamed("java.lang.System")) {
            ObjectRef props = heap.statics(system).getOrDefault("props", HeapValue.NULL).asObject();
            if (props != null) {
                return entries(heap, props);
            }
        }
        return Map.of();
    }

    private static Map<String, String> entries(HeapView heap, ObjectRef properties) {
        ObjectFields fields = heap.fields(List.of(properties)).get(properties);
        if (fields == null) {
            return Map.of();
        }
        ObjectRef map = fields.ref("map");
        ObjectFields table = map == null ? fields : heap.fields(List.of(map)).get(map);
        ObjectRef buckets = table == null ? null : table.ref("table");
        if (buckets == null) {
            return Map.of();
        }
        ArrayContents array = heap.arrays(List.of(buckets), Integer.MAX_VALUE).get(buckets);
        Map<ObjectRef, ObjectRef> pairs = new HashMap<>();
        List<ObjectRef> nodes = new ArrayList<>();
        array.first().stream().map(HeapValue::asObject).filter(n -> n != null).forEach(nodes::add);
        while (!nodes.isEmpty()) {
            Map<ObjectRef, ObjectFields> read = heap.fields(nodes);
            nodes = new ArrayList<>();
            for (ObjectFields node : read.values()) {
                ObjectRef key = node.ref("key");
                ObjectRef value = node.has("val") ? node.ref("val") : node.ref("value");
                if (key != null && value != null) {
                    pairs.put(key, value);
                }
                if (node.ref("next") != null) {
                    nodes.add(node.ref("next"));
                }
            }
        }
        List<ObjectRef> strings = new ArrayList<>(pairs.keySet());
        strings.addAll(pairs.values());
        Map<ObjectRef, String> text = heap.strings(strings);
        Map<String, String> found = new HashMap<>();
        pairs.forEach((key, value) -> {
            if (text.containsKey(key) && text.containsKey(value)) {
                found.put(text.get(key), text.get(value));
            }
        });
        return found;
    }
}
