package dev.asyncinspect.heap;

/** An object in the target, by an id that is stable for the life of one connection. */
public record ObjectRef(long id, HeapClass type) implements HeapValue {

    // The id alone names the object. Hashing the class too reads its name for every lookup in maps of
    // hundreds of thousands of objects: a cache miss each time.

    @Override
    public boolean equals(Object other) {
        return other instanceof ObjectRef ref && ref.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }
}
