package dev.asyncinspect.agent;

import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The objects one read of fields returned, in the order asked. Most recognizers only walk them or
 * copy them into a map of their own; hashing a million references on the way in cost half a
 * second of a snapshot, so the index by reference is built only for a caller that looks one up.
 */
final class ReadObjects extends AbstractMap<ObjectRef, ObjectFields> {

    private final ObjectFields[] read;
    private final int size;
    private Map<ObjectRef, ObjectFields> index;

    ReadObjects(ObjectFields[] read, int size) {
        this.read = read;
        this.size = size;
    }

    @Override
    public ObjectFields get(Object ref) {
        return index().get(ref);
    }

    @Override
    public boolean containsKey(Object ref) {
        return index().containsKey(ref);
    }

    private Map<ObjectRef, ObjectFields> index() {
        if (index == null) {
            index = new HashMap<>(size * 4 / 3 + 1);
            for (int i = 0; i < size; i++) {
                index.put(read[i].object(), read[i]);
            }
        }
        return index;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Collection<ObjectFields> values() {
        return Collections.unmodifiableList(Arrays.asList(read).subList(0, size));
    }

    @Override
    public void forEach(BiConsumer<? super ObjectRef, ? super ObjectFields> action) {
        for (int i = 0; i < size; i++) {
            action.accept(read[i].object(), read[i]);
        }
    }

    @Override
    public Set<Entry<ObjectRef, ObjectFields>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<ObjectRef, ObjectFields>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<ObjectRef, ObjectFields> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        ObjectFields fields = read[next++];
                        return new SimpleImmutableEntry<>(fields.object(), fields);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
