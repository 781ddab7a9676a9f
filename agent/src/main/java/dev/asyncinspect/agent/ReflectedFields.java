package dev.asyncinspect.agent;

import dev.asyncinspect.heap.HeapValue;
import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One object's instance fields, read when first asked for and then kept: recognizers look at a few
 * fields of most objects, and reading every field of a million objects up front is most of a snapshot.
 */
final class ReflectedFields extends AbstractMap<String, HeapValue> {

    /** How a field's content becomes a heap value (a reference gets its id). */
    interface Values {
        HeapValue of(Object content, boolean primitive);
    }

    private final Object object;
    private final OpenFields.Layout layout;
    private final OpenFields reader;
    private final Values values;
    private HeapValue[] read;

    ReflectedFields(Object object, OpenFields.Layout layout, OpenFields reader, Values values) {
        this.object = object;
        this.layout = layout;
        this.reader = reader;
        this.values = values;
    }

    private HeapValue value(int index) {
        if (read == null) {
            read = new HeapValue[layout.fields().length];
        }
        HeapValue value = read[index];
        if (value == null) {
            Field field = layout.fields()[index];
            value = values.of(reader.get(field, object), field.getType().isPrimitive());
            read[index] = value;
        }
        return value;
    }

    @Override
    public HeapValue get(Object name) {
        Integer index = layout.index().get(name);
        return index == null ? null : value(index);
    }

    @Override
    public HeapValue getOrDefault(Object name, HeapValue fallback) {
        HeapValue value = get(name);
        return value == null ? fallback : value;
    }

    @Override
    public boolean containsKey(Object name) {
        return layout.index().containsKey(name);
    }

    @Override
    public int size() {
        return layout.fields().length;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super HeapValue> action) {
        for (int i = 0; i < layout.fields().length; i++) {
            action.accept(layout.names()[i], value(i));
        }
    }

    /** The names alone, read without reading any field. */
    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Arrays.asList(layout.names()).iterator();
            }

            @Override
            public boolean contains(Object name) {
                return layout.index().containsKey(name);
            }

            @Override
            public int size() {
                return layout.names().length;
            }
        };
    }

    @Override
    public Set<Map.Entry<String, HeapValue>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, HeapValue>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < layout.fields().length;
                    }

                    @Override
                    public Map.Entry<String, HeapValue> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int index = next++;
                        return new SimpleImmutableEntry<>(layout.names()[index], value(index));
                    }
                };
            }

            @Override
            public int size() {
                return layout.fields().length;
            }
        };
    }
}
