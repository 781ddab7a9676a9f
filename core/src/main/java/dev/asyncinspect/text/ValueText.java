package dev.asyncinspect.text;

import dev.asyncinspect.model.Value;

/** One-line text for a value, as a Java or Kotlin programmer would write it. */
public final class ValueText {

    private ValueText() {}

    /** A value's text is cut, with "…", past this many characters: a framework object's fields nest without end. */
    public static final int MAX_LENGTH = 300;

    public static String of(Value value) {
        StringBuilder out = new StringBuilder();
        append(value, out);
        return out.toString();
    }

    private static void append(Value value, StringBuilder out) {
        // (core runs inside targets on JDK 17, which has no pattern switch)
        if (value instanceof Value.Null) {
            out.append("null");
        } else if (value instanceof Value.Primitive p) {
            out.append(p.literal());
        } else if (value instanceof Value.Text t) {
            out.append(quote(t.text())).append(t.truncated() ? "…" : "");
        } else if (value instanceof Value.EnumConstant e) {
            out.append(e.constant());
        } else if (value instanceof Value.Composite c) {
            out.append(simple(c.type())).append('(');
            appendAll(c.fields(), f -> out.append(f.name()).append('='), Value.NamedValue::value, out);
            out.append(')');
        } else if (value instanceof Value.Sequence s) {
            sequence(s, out);
        } else if (value instanceof Value.Reference r) {
            out.append(r.id().startsWith("@") ? simple(r.type()) + r.id() : r.id() + " (" + simple(r.type()) + ")");
        }
    }

    /** Elements separated by commas, up to the length budget; what does not fit is one "…" with its count. */
    private static <T> void appendAll(java.util.List<T> items, java.util.function.Consumer<T> label,
                                      java.util.function.Function<T, Value> valueOf, StringBuilder out) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (out.length() >= MAX_LENGTH) {
                out.append("… ").append(items.size() - i).append(" more");
                return;
            }
            label.accept(items.get(i));
            append(valueOf.apply(items.get(i)), out);
        }
    }

    private static void sequence(Value.Sequence s, StringBuilder out) {
        out.append(s.type().endsWith("[]") ? "" : simple(s.type())).append('[');
        appendAll(s.first(), v -> { }, v -> v, out);
        out.append(s.size() > s.first().size() ? (s.first().isEmpty() ? "…" : ", …") : "").append(']');
        if (s.size() >= 0) {
            out.append(" (").append(s.size()).append(')');
        }
    }

    /** {@code dev.shop.Checkout$Order} → {@code Order}; {@code java.util.ImmutableCollections$ListN} → {@code List}; {@code Shop$1} stays. */
    public static String simple(String type) {
        if (type.startsWith("java.util.ImmutableCollections$")) {
            String inner = type.substring(type.indexOf('$') + 1);
            return inner.startsWith("List") ? "List" : inner.startsWith("Set") ? "Set" : inner.startsWith("Map") ? "Map" : inner;
        }
        String tail = type.substring(type.lastIndexOf('.') + 1);
        if (tail.contains("$$Lambda")) {
            return tail.substring(0, tail.indexOf("$$Lambda") + "$$Lambda".length());
        }
        String last = tail.substring(tail.lastIndexOf('$') + 1);
        // An anonymous class or a Kotlin lambda ({@code BridgesKt$tick$3}) is only told by its enclosing names.
        return last.isEmpty() || last.chars().allMatch(Character::isDigit) ? tail : last;
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
