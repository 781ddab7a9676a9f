package dev.asyncinspect.heap;

/** A loaded class; {@code id} tells apart classes of one name from different loaders. */
public record HeapClass(long id, String name) {

    /** The name without its package, as a user would say it. */
    public String simpleName() {
        String tail = name.substring(name.lastIndexOf('.') + 1);
        int hidden = tail.indexOf('/');
        return hidden >= 0 ? tail.substring(0, hidden) : tail;
    }
}
