package dev.asyncinspect.model;

import java.util.List;

/** A value read from the target's fields, never by running its code. */
public sealed interface Value {

    record Null() implements Value {}

    /** A primitive or a boxed primitive, kept as its Java literal text. */
    record Primitive(String type, String literal) implements Value {}

    record Text(String text, boolean truncated) implements Value {}

    record EnumConstant(String type, String constant) implements Value {}

    /** An object shown by its fields: records, data classes and plain objects. */
    record Composite(String type, List<NamedValue> fields) implements Value {
        public Composite {
            fields = List.copyOf(fields);
        }
    }

    /** A collection or array shown by its size and first elements. */
    record Sequence(String type, int size, List<Value> first) implements Value {
        public Sequence {
            first = List.copyOf(first);
        }
    }

    /** An object not expanded further (depth limit), or that is itself a task. */
    record Reference(String type, String id) implements Value {}

    record NamedValue(String name, Value value) {}
}
