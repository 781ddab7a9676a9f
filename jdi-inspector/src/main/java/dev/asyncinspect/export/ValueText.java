package dev.asyncinspect.export;

import dev.asyncinspect.model.Value;
import java.util.stream.Collectors;

/** One-line text for a value, as a Java or Kotlin programmer would write it. */
public final class ValueText {

    private ValueText() {}

    public static String of(Value value) {
        return switch (value) {
            case Value.Null n -> "null";
            case Value.Primitive p -> p.literal();
            case Value.Text t -> quote(t.text()) + (t.truncated() ? "…" : "");
            case Value.EnumConstant e -> e.constant();
            case Value.Composite c -> simple(c.type()) + "(" + c.fields().stream()
                    .map(f -> f.name() + "=" + of(f.value())).collect(Collectors.joining(", ")) + ")";
            case Value.Sequence s -> sequence(s);
            case Value.Reference r -> r.id().startsWith("@") ? simple(r.type()) + r.id() : r.id() + " (" + simple(r.type()) + ")";
        };
    }

    private static String sequence(Value.Sequence s) {
        String elements = s.first().stream().map(ValueText::of).collect(Collectors.joining(", "));
        String more = s.size() > s.first().size() ? (s.first().isEmpty() ? "…" : ", …") : "";
        String size = s.size() >= 0 ? " (" + s.size() + ")" : "";
        String prefix = s.type().endsWith("[]") ? "" : simple(s.type());
        return prefix + "[" + elements + more + "]" + size;
    }

    /** {@code dev.shop.Checkout$Order} → {@code Order}; {@code java.util.ImmutableCollections$ListN} → {@code List}. */
    public static String simple(String type) {
        if (type.startsWith("java.util.ImmutableCollections$")) {
            String inner = type.substring(type.indexOf('$') + 1);
            return inner.startsWith("List") ? "List" : inner.startsWith("Set") ? "Set" : inner.startsWith("Map") ? "Map" : inner;
        }
        String tail = type.substring(type.lastIndexOf('.') + 1);
        return tail.substring(tail.lastIndexOf('$') + 1);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
