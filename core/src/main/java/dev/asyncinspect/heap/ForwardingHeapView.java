package dev.asyncinspect.heap;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A heap view that answers as another one does; a subclass changes only what it sees differently. */
public abstract class ForwardingHeapView implements HeapView {

    private final HeapView heap;

    protected ForwardingHeapView(HeapView heap) {
        this.heap = heap;
    }

    protected HeapView heap() {
        return heap;
    }

    @Override
    public List<HeapClass> classesNamed(String name) {
        return heap.classesNamed(name);
    }

    @Override
    public List<HeapClass> withSubclasses(String name) {
        return heap.withSubclasses(name);
    }

    @Override
    public List<ObjectRef> instances(Collection<HeapClass> types) {
        return heap.instances(types);
    }

    @Override
    public Map<ObjectRef, ObjectFields> fields(Collection<ObjectRef> objects) {
        return heap.fields(objects);
    }

    @Override
    public Map<ObjectRef, String> strings(Collection<ObjectRef> strings) {
        return heap.strings(strings);
    }

    @Override
    public Map<ObjectRef, ArrayContents> arrays(Collection<ObjectRef> arrays, int limit) {
        return heap.arrays(arrays, limit);
    }

    @Override
    public Map<String, HeapValue> statics(HeapClass type) {
        return heap.statics(type);
    }

    @Override
    public boolean isA(HeapClass type, String ancestor) {
        return heap.isA(type, ancestor);
    }

    @Override
    public List<ObjectRef> platformThreads() {
        return heap.platformThreads();
    }

    @Override
    public Map<ObjectRef, ThreadSample> threadSamples(Collection<ObjectRef> threads, StackRequest request) {
        return heap.threadSamples(threads, request);
    }

    @Override
    public List<MethodFacts> methods(HeapClass type) {
        return heap.methods(type);
    }

    @Override
    public Optional<MethodFacts> method(String className, String name, String descriptor) {
        return heap.method(className, name, descriptor);
    }

    @Override
    public Optional<byte[]> classFile(HeapClass type) {
        return heap.classFile(type);
    }

    @Override
    public Optional<ConstantPoolBytes> constantPool(HeapClass type) {
        return heap.constantPool(type);
    }

    @Override
    public Map<ObjectRef, Long> taskNumbers(Collection<ObjectRef> objects) {
        return heap.taskNumbers(objects);
    }

    @Override
    public List<String> gaps() {
        return heap.gaps();
    }
}
