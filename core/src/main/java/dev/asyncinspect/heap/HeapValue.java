package dev.asyncinspect.heap;

/** A field, array element or local as the heap holds it: null, a primitive, or an {@link ObjectRef}. */
public sealed interface HeapValue permits HeapValue.Null, HeapValue.Primitive, ObjectRef {

    HeapValue NULL = new Null();

    record Null() implements HeapValue {}

    /** A primitive, boxed: Integer, Long, Boolean, Character, Byte, Short, Float or Double. */
    record Primitive(Object value) implements HeapValue {}

    default ObjectRef asObject() {
        return this instanceof ObjectRef ref ? ref : null;
    }

    default boolean isNull() {
        return this instanceof Null;
    }
}
