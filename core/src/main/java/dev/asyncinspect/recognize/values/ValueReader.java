package dev.asyncinspect.recognize.values;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.recognize.TaskIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns heap values into displayable {@link Value}s from their fields alone. Reads level by level,
 * each level in one bulk request per kind, so that showing 100,000 variables costs a few passes,
 * not 100,000 walks.
 */
public final class ValueReader {

    /**
     * How many nested objects deep a value is expanded, and how many elements a collection shows.
     *
     * @param maxTasks the most tasks a snapshot reads (see {@link dev.asyncinspect.recognize.TaskBudget}); 0: the source's own bound
     */
    public record Limits(int depth, int elements, int textLength, long maxTasks) {
        public static final Limits DEFAULT = new Limits(3, 4, 200, 0);

        public Limits withMaxTasks(long max) {
            return new Limits(depth, elements, textLength, max);
        }
    }

    private static final String STRING = "java.lang.String";
    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Character", "java.lang.Boolean", "java.lang.Float", "java.lang.Double",
            "java.util.concurrent.atomic.AtomicInteger", "java.util.concurrent.atomic.AtomicLong",
            "java.util.concurrent.atomic.AtomicBoolean");

    /**
     * Objects expanded for one value, depth first: its text is cut at {@link dev.asyncinspect.text.ValueText#MAX_LENGTH}
     * characters, which this many objects overflow, so the rest would be read for nothing (a lambda capturing a Spring
     * bean fanned out into tens of thousands).
     */
    private static final int NODES_PER_VALUE = 200;

    private final HeapView heap;
    private final Limits limits;
    private int nodesLeft;
    private final TaskIds taskIds;
    private final Map<ObjectRef, String> strings = new HashMap<>();
    private final Map<ObjectRef, ObjectFields> fields = new HashMap<>();
    private final Map<ObjectRef, ArrayContents> arrays = new HashMap<>();
    private final Map<HeapClass, Boolean> enums = new HashMap<>();

    public ValueReader(HeapView heap, Limits limits, TaskIds taskIds) {
        this.heap = heap;
        this.limits = limits;
        this.taskIds = taskIds;
    }

    /** Reads everything needed to show these values; call before {@link #value}. */
    public void prefetch(Collection<HeapValue> roots) {
        Map<ObjectRef, Integer> frontier = new HashMap<>();
        for (HeapValue root : roots) {
            if (root.asObject() != null) {
                frontier.put(root.asObject(), 0);
            }
        }
        Set<ObjectRef> seen = new HashSet<>(strings.keySet());
        seen.addAll(fields.keySet());
        seen.addAll(arrays.keySet());
        while (!frontier.isEmpty()) {
            frontier.keySet().removeAll(seen);
            seen.addAll(frontier.keySet());
            frontier = readLevel(frontier);
        }
    }

    private Map<ObjectRef, Integer> readLevel(Map<ObjectRef, Integer> level) {
        List<ObjectRef> textRefs = new ArrayList<>();
        List<ObjectRef> arrayRefs = new ArrayList<>();
        List<ObjectRef> objectRefs = new ArrayList<>();
        for (ObjectRef ref : level.keySet()) {
            String type = ref.type().name();
            if (type.equals(STRING)) {
                textRefs.add(ref);
            } else if (type.endsWith("[]")) {
                arrayRefs.add(ref);
            } else if (expandable(ref)) {
                objectRefs.add(ref);
            }
        }
        strings.putAll(heap.strings(textRefs));
        arrays.putAll(heap.arrays(arrayRefs, limits.elements()));
        fields.putAll(heap.fields(objectRefs));

        Map<ObjectRef, Integer> next = new HashMap<>();
        for (ObjectRef ref : arrayRefs) {
            ArrayContents array = arrays.get(ref);
            if (array != null) {
                array.first().forEach(v -> enqueue(v, level.get(ref), next));
            }
        }
        for (ObjectRef ref : objectRefs) {
            ObjectFields object = fields.get(ref);
            if (object == null) {
                continue;
            }
            int depth = level.get(ref);
            boolean container = isEnum(ref) || BOXES.contains(ref.type().name()) || isCapturedVar(ref.type().name())
                    || Collections.isCollection(ref.type());
            int childDepth = container ? depth : depth + 1;
            if (childDepth <= limits.depth()) {
                object.values().values().forEach(v -> enqueue(v, childDepth, next));
            }
        }
        return next;
    }

    private static void enqueue(HeapValue value, int depth, Map<ObjectRef, Integer> into) {
        ObjectRef ref = value.asObject();
        if (ref != null) {
            into.merge(ref, depth, Math::min);
        }
    }

    private boolean expandable(ObjectRef ref) {
        if (taskIds.taskOf(ref) != null) {
            return false;
        }
        String name = ref.type().name();
        return BOXES.contains(name) || isCapturedVar(name) || isEnum(ref) || Collections.isCollection(ref.type()) || !PlatformCode.contains(name);
    }

    /** A Kotlin {@code var} captured by a lambda lives in a {@code Ref.IntRef}/{@code ObjectRef} box: show what it holds. */
    private static boolean isCapturedVar(String type) {
        return type.startsWith("kotlin.jvm.internal.Ref$");
    }

    private boolean isEnum(ObjectRef ref) {
        Boolean known = enums.get(ref.type());
        if (known == null) {
            known = heap.isA(ref.type(), "java.lang.Enum");
            enums.put(ref.type(), known);
        }
        return known;
    }

    /** A variable as shown: its value's class (a primitive's type), and its displayable value. */
    /** A frame's locals as the user wrote them, less those a compiler adds ({@code hidden}). */
    public List<Variable> locals(dev.asyncinspect.heap.StackFrameSample frame, java.util.Set<String> hidden) {
        return frame.locals().stream().filter(l -> !hidden.contains(l.name()))
                .map(l -> new Variable(l.name(), l.type(), value(l.value()))).toList();
    }

    public Variable variable(String name, HeapValue value) {
        Value shown = value(value);
        String type = value.asObject() != null ? value.asObject().type().name() : shown instanceof Value.Primitive p ? p.type() : "?";
        return new Variable(name, type, shown);
    }

    /** The displayable form of a value; objects not prefetched show as references. */
    public Value value(HeapValue value) {
        nodesLeft = NODES_PER_VALUE;
        return value(value, new ArrayList<>(0), 0);
    }

    /** @param path the objects being expanded around this value, a few at most: a cycle shows as a reference */
    private Value value(HeapValue value, List<ObjectRef> path, int depth) {
        if (value instanceof HeapValue.Null) {
            return new Value.Null();
        }
        if (value instanceof HeapValue.Primitive primitive) {
            return Primitives.of(primitive.value());
        }
        ObjectRef ref = value.asObject();
        String type = ref.type().name();
        String text = type.equals(STRING) ? strings.get(ref) : null;    // a string is never a task: one lookup, not two
        if (text != null) {
            boolean cut = text.length() > limits.textLength();
            return new Value.Text(cut ? text.substring(0, limits.textLength()) : text, cut);
        }
        String task = taskIds.taskOf(ref);
        if (task != null) {
            return new Value.Reference(type, task);
        }
        if (path.contains(ref) || depth > limits.depth() + 2 || --nodesLeft < 0) {
            return reference(ref);
        }
        path.add(ref);
        try {
            ArrayContents array = arrays.get(ref);
            if (array != null) {
                return new Value.Sequence(type, array.length(), elements(array.first(), path, depth));
            }
            ObjectFields object = fields.get(ref);
            if (object == null) {
                return reference(ref);
            }
            if (BOXES.contains(type)) {
                return value(object.get("value"), path, depth);
            }
            if (isCapturedVar(type)) {
                return value(object.get("element"), path, depth);
            }
            if (isEnum(ref)) {
                HeapValue name = object.get("name");
                return new Value.EnumConstant(type, strings.getOrDefault(name.asObject(), "?"));
            }
            if (Collections.isCollection(ref.type())) {
                return collection(ref, object, path, depth);
            }
            List<Value.NamedValue> shown = new ArrayList<>();
            object.values().forEach((name, v) -> shown.add(new Value.NamedValue(name, value(v, path, depth + 1))));
            return new Value.Composite(type, shown);
        } finally {
            path.remove(path.size() - 1);
        }
    }

    private Value collection(ObjectRef ref, ObjectFields object, List<ObjectRef> path, int depth) {
        Collections.Shape shape = Collections.shape(object);
        List<HeapValue> first = new ArrayList<>();
        for (HeapValue element : shape.elements()) {
            if (element.asObject() != null && arrays.containsKey(element.asObject())) {
                first.addAll(arrays.get(element.asObject()).first());
            } else {
                first.add(element);
            }
        }
        first.removeIf(v -> v.asObject() != null && v.asObject().type().name().equals("java.lang.Object"));
        int size = shape.size() >= 0 ? shape.size() : first.size();
        List<HeapValue> shown = first.subList(0, Math.min(Math.min(first.size(), size), limits.elements()));
        return new Value.Sequence(ref.type().name(), size, elements(shown, path, depth));
    }

    private List<Value> elements(List<HeapValue> raw, List<ObjectRef> path, int depth) {
        List<Value> values = new ArrayList<>();
        for (HeapValue element : raw) {
            values.add(value(element, path, depth + 1));
        }
        return values;
    }

    private static Value reference(ObjectRef ref) {
        return new Value.Reference(ref.type().name(), "@" + Long.toHexString(ref.id()));
    }
}
