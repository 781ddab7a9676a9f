package dev.asyncinspect.recognize.values;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.ObjectFields;
import java.util.ArrayList;
import java.util.List;

/** How the JDK's collections keep their size and elements, so they show as "[a, b, …] (n)". */
final class Collections {

    private Collections() {}

    /** Size (-1 when it must be counted from the elements) and where the first elements are. */
    record Shape(int size, List<HeapValue> elements) {}

    static boolean isCollection(HeapClass type) {
        String name = type.name();
        return name.startsWith("java.util.") && (name.contains("List") || name.contains("Set")
                || name.contains("Map") || name.contains("Queue") || name.contains("Deque")
                || name.startsWith("java.util.ImmutableCollections$"))
                && !name.contains("$Node") && !name.contains("Entry") && !name.contains("Itr");
    }

    static Shape shape(ObjectFields object) {
        if (object.has("elementData")) {                    // ArrayList, Vector
            int size = object.has("size") ? object.intValue("size", -1) : object.intValue("elementCount", -1);
            return new Shape(size, List.of(object.get("elementData")));
        }
        if (object.object().type().name().equals("java.util.Arrays$ArrayList")) {   // Arrays.asList, Kotlin's listOf
            return new Shape(-1, List.of(object.get("a")));
        }
        if (object.has("elements")) {                       // List.of(...) with 3+ elements
            return new Shape(-1, List.of(object.get("elements")));
        }
        if (object.has("e0")) {                             // List.of(a) / List.of(a, b); EMPTY is a plain Object
            List<HeapValue> first = new ArrayList<>();
            first.add(object.get("e0"));
            if (!object.get("e1").isNull()) {
                first.add(object.get("e1"));
            }
            return new Shape(-1, first);
        }
        if (object.has("k0") && object.has("v0")) {          // Map.of(k, v)
            return new Shape(1, List.of());
        }
        if (object.has("size")) {                           // HashMap, LinkedList, TreeMap, …
            return new Shape(object.intValue("size", -1), List.of());
        }
        if (object.has("baseCount")) {                      // ConcurrentHashMap without contention cells
            return new Shape((int) object.longValue("baseCount", -1), List.of());
        }
        return new Shape(-1, List.of());
    }
}
