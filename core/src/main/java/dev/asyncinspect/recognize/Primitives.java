package dev.asyncinspect.recognize;

import dev.asyncinspect.model.Value;

/** Boxed primitives read from the heap as model values. */
final class Primitives {

    private Primitives() {}

    static Value of(Object boxed) {
        // java.lang's boxes are named after their primitive, except these two
        String type = boxed instanceof Integer ? "int"
                : boxed instanceof Character ? "char"
                : boxed.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        String literal = boxed instanceof Character c ? "'" + c + "'" : String.valueOf(boxed);
        return new Value.Primitive(type, literal);
    }
}
