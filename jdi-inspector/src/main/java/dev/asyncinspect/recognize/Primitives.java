package dev.asyncinspect.recognize;

import dev.asyncinspect.model.Value;

/** Boxed primitives read from the heap as model values. */
final class Primitives {

    private Primitives() {}

    static Value of(Object boxed) {
        String type = switch (boxed) {
            case Integer i -> "int";
            case Long l -> "long";
            case Boolean b -> "boolean";
            case Character c -> "char";
            case Double d -> "double";
            case Float f -> "float";
            case Short s -> "short";
            case Byte b -> "byte";
            default -> boxed.getClass().getSimpleName();
        };
        String literal = boxed instanceof Character c ? "'" + c + "'" : String.valueOf(boxed);
        return new Value.Primitive(type, literal);
    }
}
