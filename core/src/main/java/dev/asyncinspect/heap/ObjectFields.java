package dev.asyncinspect.heap;

import java.util.Map;

/** The instance fields of one object, in declaration order (superclass fields first). */
public record ObjectFields(ObjectRef object, Map<String, HeapValue> values) {

    public HeapValue get(String field) {
        return values.getOrDefault(field, HeapValue.NULL);
    }

    public ObjectRef ref(String field) {
        return get(field).asObject();
    }

    public Object primitive(String field) {
        return get(field) instanceof HeapValue.Primitive p ? p.value() : null;
    }

    public int intValue(String field, int fallback) {
        return primitive(field) instanceof Number n ? n.intValue() : fallback;
    }

    public long longValue(String field, long fallback) {
        return primitive(field) instanceof Number n ? n.longValue() : fallback;
    }

    public boolean has(String field) {
        return values.containsKey(field);
    }
}
