package dev.asyncinspect.recognize.values;

import dev.asyncinspect.model.Value;
import java.util.Map;

/** Boxed primitives read from the heap as model values. */
final class Primitives {

    private Primitives() {}

    private static final Map<Class<?>, String> TYPES = Map.of(Integer.class, "int", Long.class, "long",
            Short.class, "short", Byte.class, "byte", Character.class, "char", Boolean.class, "boolean",
            Float.class, "float", Double.class, "double");

    static Value of(Object boxed) {
        String type = TYPES.getOrDefault(boxed.getClass(), boxed.getClass().getName());
        String literal = boxed instanceof Character c ? "'" + c + "'" : String.valueOf(boxed);
        return new Value.Primitive(type, literal);
    }
}
