package dev.asyncinspect.heap;

/** A field, array element or local as the heap holds it. */
public sealed interface HeapValue {

    HeapValue NULL = new Null();

    record Null() implements HeapValue {}

    /** A primitive, boxed: Integer, Long, Boolean, Character, Byte, Short, Float or Double. */
    record Primitive(Object value) implements HeapValue {}

    record Ref(ObjectRef object) implements HeapValue {}

    default ObjectRef asObject() {
        return this instanceof Ref ref ? ref.object() : null;
    }

    default boolean isNull() {
        return this instanceof Null;
    }
}
