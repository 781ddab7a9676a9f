package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.ObjectRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import shark.HeapGraph;
import shark.HeapObject;

/**
 * The dump's classes by name and by superclass, and every instance's index by its class: built once
 * per file from Shark's index (no object is read) and shared by every snapshot of it.
 */
final class ClassIndex {

    private final HeapGraph graph;
    private final Map<Long, HeapClass> classes = new ConcurrentHashMap<>();
    private final Map<Long, HeapObject.HeapClass> sharkClasses = new ConcurrentHashMap<>();
    private Map<String, List<HeapClass>> byName;
    private Map<Long, List<Long>> subclasses;
    private Map<Long, int[]> instancesByClass;
    private HeapClass classClass;

    ClassIndex(HeapGraph graph) {
        this.graph = graph;
    }

    private synchronized void indexClasses() {
        if (byName != null) {
            return;
        }
        Map<String, List<HeapClass>> names = new HashMap<>();
        Map<Long, List<Long>> subs = new HashMap<>();
        for (HeapObject.HeapClass type : (Iterable<HeapObject.HeapClass>) () -> graph.getClasses().iterator()) {
            HeapClass heapClass = heapClass(type);
            names.computeIfAbsent(heapClass.name(), n -> new ArrayList<>()).add(heapClass);
            HeapObject.HeapClass superclass = type.getSuperclass();
            if (superclass != null) {
                subs.computeIfAbsent(superclass.getObjectId(), s -> new ArrayList<>()).add(type.getObjectId());
            }
        }
        byName = names;
        subclasses = subs;
    }

    /** A class as the heap view hands it out: its id is the class object's HPROF id. */
    HeapClass heapClass(HeapObject.HeapClass type) {
        return classes.computeIfAbsent(type.getObjectId(), id -> {
            sharkClasses.put(id, type);
            return new HeapClass(id, ClassNames.hidden(type.getName()));
        });
    }

    HeapObject.HeapClass shark(HeapClass type) {
        HeapObject.HeapClass found = sharkClasses.get(type.id());
        return found != null || type.id() < 0 ? found : (HeapObject.HeapClass) graph.findObjectById(type.id());
    }

    private final Map<String, HeapClass> unrecorded = new ConcurrentHashMap<>();

    /**
     * A primitive array's class by its name ({@code byte[]}). A dump need not record a class object for
     * every primitive array type its arrays have (Shark then fails on the array's class): such a class is
     * named here without one.
     */
    HeapClass primitiveArrayClass(String name) {
        List<HeapClass> recorded = classesNamed(name);
        if (!recorded.isEmpty()) {
            return recorded.get(0);
        }
        return unrecorded.computeIfAbsent(name, n -> new HeapClass(-1 - unrecorded.size(), n));
    }

    /** The type of a reference to a class object. */
    synchronized HeapClass classClass() {
        if (classClass == null) {
            classClass = classesNamed("java.lang.Class").stream().findFirst().orElse(new HeapClass(0, "java.lang.Class"));
        }
        return classClass;
    }

    List<HeapClass> classesNamed(String name) {
        indexClasses();
        return byName.getOrDefault(name, List.of());
    }

    List<HeapClass> withSubclasses(String name) {
        indexClasses();
        List<HeapClass> found = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        List<Long> pending = new ArrayList<>(classesNamed(name).stream().map(HeapClass::id).toList());
        while (!pending.isEmpty()) {
            long id = pending.remove(pending.size() - 1);
            if (seen.add(id)) {
                found.add(classes.get(id));
                pending.addAll(subclasses.getOrDefault(id, List.of()));
            }
        }
        return found;
    }

    /** Instances of exactly these classes; an object's id is its index in Shark's index (dense, stable for the file). */
    List<ObjectRef> instances(Collection<HeapClass> types) {
        Map<Long, int[]> index = instancesByClass();
        List<ObjectRef> found = new ArrayList<>();
        for (HeapClass type : types) {
            for (int objectIndex : index.getOrDefault(type.id(), new int[0])) {
                found.add(new ObjectRef(objectIndex, type));
            }
        }
        return found;
    }

    private synchronized Map<Long, int[]> instancesByClass() {
        if (instancesByClass == null) {
            Map<Long, IntList> lists = new HashMap<>();
            for (HeapObject.HeapInstance instance : (Iterable<HeapObject.HeapInstance>) () -> graph.getInstances().iterator()) {
                lists.computeIfAbsent(instance.getInstanceClassId(), c -> new IntList()).add(instance.getObjectIndex());
            }
            Map<Long, int[]> arrays = new HashMap<>();
            lists.forEach((type, list) -> arrays.put(type, list.toArray()));
            instancesByClass = arrays;
        }
        return instancesByClass;
    }

    private static final class IntList {
        private int[] values = new int[4];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
