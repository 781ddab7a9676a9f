package dev.asyncinspect.agent;

import dev.asyncinspect.heap.ObjectRef;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What one read of many objects returned (their fields, or their text), by object, in the order
 * asked. Most recognizers only walk the result or copy it into a map of their own; hashing a
 * million references on the way in cost half a second of a snapshot, so the index by reference
 * is built only for a caller that looks one up.
 */
final class ReadObjects<V> extends AbstractMap<ObjectRef, V> {

    private final ObjectRef[] refs;
    private final Object[] values;
    private int size;
    private Map<ObjectRef, V> index;

    ReadObjects(int capacity) {
        refs = new ObjectRef[capacity];
        values = new Object[capacity];
    }

    /** Adds what was read of one object; each object once. */
    void add(ObjectRef ref, V value) {
        refs[size] = ref;
        values[size] = value;
        size++;
    }

    @SuppressWarnings("unchecked")
    private V valueAt(int i) {
        return (V) values[i];
    }

    @Override
    public V get(Object ref) {
        return index().get(ref);
    }

    @Override
    public boolean containsKey(Object ref) {
        return index().containsKey(ref);
    }

    private Map<ObjectRef, V> index() {
        if (index == null) {
            index = new HashMap<>(size * 4 / 3 + 1);
            for (int i = 0; i < size; i++) {
                index.put(refs[i], valueAt(i));
            }
        }
        return index;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Collection<V> values() {
        return new AbstractList<>() {
            @Override
            public V get(int i) {
                return valueAt(i);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public void forEach(BiConsumer<? super ObjectRef, ? super V> action) {
        for (int i = 0; i < size; i++) {
            action.accept(refs[i], valueAt(i));
        }
    }

    @Override
    public Set<Entry<ObjectRef, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<ObjectRef, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<ObjectRef, V> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(refs[i], valueAt(i));
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
