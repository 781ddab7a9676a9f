package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.MethodFacts;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.StackRequest;
import dev.asyncinspect.heap.ThreadSample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A heap built by a test, object by object: enough of {@link HeapView} for a recognizer's own logic to
 * be tested without a JVM (the integration tests read real ones).
 */
public final class InMemoryHeap implements HeapView {

    private final Map<String, HeapClass> classes = new HashMap<>();
    private final Map<HeapClass, Set<String>> ancestors = new HashMap<>();
    private final Map<ObjectRef, Map<String, HeapValue>> objects = new LinkedHashMap<>();
    private final Map<ObjectRef, List<HeapValue>> arrays = new HashMap<>();
    private final Map<ObjectRef, List<StackFrameSample>> stacks = new LinkedHashMap<>();
    private long nextId = 1;

    /** A class and the classes and interfaces it is, by name. */
    public HeapClass type(String name, String... isA) {
        HeapClass type = classes.computeIfAbsent(name, n -> new HeapClass(classes.size() + 1, n));
        ancestors.put(type, Set.of(isA));
        return type;
    }

    /** An object of this class; its fields are set with {@link #set}. */
    public ObjectRef object(HeapClass type) {
        ObjectRef ref = new ObjectRef(nextId++, type);
        objects.put(ref, new LinkedHashMap<>());
        return ref;
    }

    public InMemoryHeap set(ObjectRef object, String field, HeapValue value) {
        objects.get(object).put(field, value);
        return this;
    }

    /** A platform thread with this stack, innermost first; a sample gives each frame's receiver only where asked. */
    public InMemoryHeap thread(ObjectRef thread, StackFrameSample... frames) {
        stacks.put(thread, List.of(frames));
        return this;
    }

    public ObjectRef array(HeapClass type, HeapValue... elements) {
        ObjectRef ref = new ObjectRef(nextId++, type);
        arrays.put(ref, List.of(elements));
        return ref;
    }

    public ObjectFields fieldsOf(ObjectRef object) {
        return new ObjectFields(object, objects.get(object));
    }

    @Override
    public List<HeapClass> classesNamed(String name) {
        return classes.containsKey(name) ? List.of(classes.get(name)) : List.of();
    }

    @Override
    public List<HeapClass> withSubclasses(String name) {
        return classes.values().stream().filter(c -> isA(c, name)).toList();
    }

    @Override
    public List<ObjectRef> instances(Collection<HeapClass> types) {
        return objects.keySet().stream().filter(o -> types.contains(o.type())).toList();
    }

    @Override
    public Map<ObjectRef, ObjectFields> fields(Collection<ObjectRef> refs) {
        Map<ObjectRef, ObjectFields> found = new LinkedHashMap<>();
        refs.forEach(r -> {
            if (objects.containsKey(r)) {
                found.put(r, fieldsOf(r));
            }
        });
        return found;
    }

    @Override
    public Map<ObjectRef, String> strings(Collection<ObjectRef> strings) {
        return Map.of();
    }

    @Override
    public Map<ObjectRef, ArrayContents> arrays(Collection<ObjectRef> refs, int limit) {
        Map<ObjectRef, ArrayContents> found = new LinkedHashMap<>();
        refs.forEach(r -> {
            List<HeapValue> elements = arrays.get(r);
            if (elements != null) {
                found.put(r, new ArrayContents(r, elements.size(), new ArrayList<>(elements.subList(0, Math.min(limit, elements.size())))));
            }
        });
        return found;
    }

    @Override
    public Map<String, HeapValue> statics(HeapClass type) {
        return Map.of();
    }

    @Override
    public boolean isA(HeapClass type, String ancestor) {
        return type.name().equals(ancestor) || ancestors.getOrDefault(type, Set.of()).contains(ancestor);
    }

    @Override
    public List<ObjectRef> platformThreads() {
        return List.copyOf(stacks.keySet());
    }

    @Override
    public Map<ObjectRef, ThreadSample> threadSamples(Collection<ObjectRef> threads, StackRequest request) {
        Map<ObjectRef, ThreadSample> samples = new LinkedHashMap<>();
        threads.stream().filter(stacks::containsKey).forEach(thread -> samples.put(thread, new ThreadSample(thread,
                stacks.get(thread).stream().map(f -> new StackFrameSample(f.className(), f.method(), f.file(), f.line(),
                        request.receiversOf().test(f.className()) ? f.thisObject() : null, f.locals(), f.rawSlot())).toList(),
                List.of(), null, null)));
        return samples;
    }

    @Override
    public List<MethodFacts> methods(HeapClass type) {
        return List.of();
    }

    @Override
    public Optional<MethodFacts> method(String className, String name, String descriptor) {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> classFile(HeapClass type) {
        return Optional.empty();
    }

    @Override
    public Optional<ConstantPoolBytes> constantPool(HeapClass type) {
        return Optional.empty();
    }
}
