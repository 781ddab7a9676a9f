package dev.asyncinspect.heap;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one small interface every source implements (live JDI, the in-target agent, a heap dump),
 * so that recognizers are written once. Bulk methods take many objects at a time because a
 * source pays per round trip, not per object.
 */
public interface HeapView {

    /** Loaded classes of exactly this name (several when several loaders define it). */
    List<HeapClass> classesNamed(String name);

    /** The loaded class and every loaded subclass, at any depth. */
    List<HeapClass> withSubclasses(String name);

    /**
     * Live instances of exactly these classes (not their subclasses), in one pass over the heap where
     * the source can. A view remembers what it found: asking again for a class costs nothing, so a
     * caller may ask for many classes up front and for each again later.
     */
    List<ObjectRef> instances(Collection<HeapClass> types);

    /** Instance fields of each object; objects that vanished are left out. */
    Map<ObjectRef, ObjectFields> fields(Collection<ObjectRef> objects);

    /** The characters of String objects. */
    Map<ObjectRef, String> strings(Collection<ObjectRef> strings);

    /** Arrays' lengths and their first {@code limit} elements. */
    Map<ObjectRef, ArrayContents> arrays(Collection<ObjectRef> arrays, int limit);

    /** Static fields of a class. */
    Map<String, HeapValue> statics(HeapClass type);

    /** Whether {@code type} is {@code ancestor} or inherits from it. */
    boolean isA(HeapClass type, String ancestor);

    /** The platform threads the JVM reports. */
    List<ObjectRef> platformThreads();

    /** Stacks and monitors of threads (platform or virtual). */
    Map<ObjectRef, ThreadSample> threadSamples(Collection<ObjectRef> threads, StackRequest request);

    /** The methods a class declares, with their bytecode. */
    List<MethodFacts> methods(HeapClass type);

    /** One method by owner class name, name and descriptor, for resolving a call site. */
    Optional<MethodFacts> method(String className, String name, String descriptor);

    /** The class file as the compiler wrote it (annotations, source debug extension), if the source can find it. */
    Optional<byte[]> classFile(HeapClass type);

    /** The class's raw constant pool (count and bytes as in a class file), if the source has it. */
    Optional<ConstantPoolBytes> constantPool(HeapClass type);

    /**
     * The numbers the ids of these objects (tasks: futures, coroutines) are made of, the same for an
     * object whichever source read it from a live JVM: identity hash codes. Objects left out are
     * numbered by their own ids: all of them for a source whose ids are those already (the agent) or
     * that reads no live JVM (a heap dump).
     */
    default Map<ObjectRef, Long> taskNumbers(Collection<ObjectRef> objects) {
        return Map.of();
    }

    /** What this view could not see so far, one line each, for the snapshot's gaps. */
    default List<String> gaps() {
        return List.of();
    }

    record ConstantPoolBytes(int count, byte[] bytes) {}
}
