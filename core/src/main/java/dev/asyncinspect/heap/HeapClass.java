package dev.asyncinspect.heap;

/** A loaded class; {@code id} tells apart classes of one name from different loaders. */
public record HeapClass(long id, String name) {

    // The id alone names the class within a view. A record's generated hashCode goes through method
    // handles and the name's hash: asked for per object, as the key of per-class caches, that showed.

    @Override
    public boolean equals(Object other) {
        return other instanceof HeapClass type && type.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    /** The name without its package, as a user would say it. */
    public String simpleName() {
        String tail = name.substring(name.lastIndexOf('.') + 1);
        int hidden = tail.indexOf('/');
        return hidden >= 0 ? tail.substring(0, hidden) : tail;
    }
}
