package dev.asyncinspect.hprof;

/** Class names as the rest of the tool spells them (JDI's way): dotted, hidden classes with their {@code /0x…} suffix. */
final class ClassNames {

    private ClassNames() {}

    /** From the JVM's internal form ({@code java/lang/String}, {@code Foo$$Lambda+0x…}). */
    static String fromInternal(String internal) {
        if (internal == null) {
            return "?";
        }
        return hidden(internal.replace('/', '.'));
    }

    /** Shark dots every slash, also the one before a hidden class's address; the JVM writes it as {@code +} or {@code /}. */
    static String hidden(String name) {
        int at = name.lastIndexOf("0x");
        if (at > 0 && (name.charAt(at - 1) == '.' || name.charAt(at - 1) == '+')) {
            return name.substring(0, at - 1) + "/" + name.substring(at);
        }
        return name;
    }
}
