package dev.asyncinspect.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A constant of the model's vocabulary, known by the label the views and the JSON snapshot show. */
public interface Labelled {

    String label();

    /** The constant with this label (or, for a task kind typed by hand, its name), or a message naming all of them. */
    static <E extends Enum<E> & Labelled> E parse(Class<E> type, String label, String what) {
        // Decoding a snapshot parses a label per task, wait and fact: looked up, not searched.
        E found = type.cast(Lookup.BY_LABEL.get(type).get(label.toLowerCase(Locale.ROOT)));
        if (found == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + label + "' ("
                    + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Labelled::label).toList()) + ")");
        }
        return found;
    }

    /** Each labelled enum's constants by lower-case label and name, built once per enum. */
    final class Lookup {
        private static final ClassValue<Map<String, Object>> BY_LABEL = new ClassValue<>() {
            @Override
            protected Map<String, Object> computeValue(Class<?> type) {
                Map<String, Object> byLabel = new HashMap<>();
                for (Object constant : type.getEnumConstants()) {
                    byLabel.putIfAbsent(((Enum<?>) constant).name().toLowerCase(Locale.ROOT), constant);
                    byLabel.put(((Labelled) constant).label().toLowerCase(Locale.ROOT), constant);
                }
                return Map.copyOf(byLabel);
            }
        };

        private Lookup() {}
    }
}
