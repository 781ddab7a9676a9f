package dev.asyncinspect.model;

import java.util.Arrays;

/** A constant of the model's vocabulary, known by the label the views and the JSON snapshot show. */
public interface Labelled {

    String label();

    /** The constant with this label (or, for a task kind typed by hand, its name), or a message naming all of them. */
    static <E extends Enum<E> & Labelled> E parse(Class<E> type, String label, String what) {
        E[] constants = type.getEnumConstants();
        return Arrays.stream(constants).filter(c -> c.label().equalsIgnoreCase(label) || c.name().equalsIgnoreCase(label))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + label + "' ("
                        + String.join(", ", Arrays.stream(constants).map(Labelled::label).toList()) + ")"));
    }
}
