package dev.asyncinspect.model;

/**
 * The runtime's own code (the JDK, Kotlin and kotlinx.coroutines) as opposed to the user's: where a
 * user looks first in a stack, whose locals are worth reading, whose objects are shown by fields.
 */
public final class PlatformCode {

    private PlatformCode() {}

    /** @param qualifiedName a class name or a {@code pkg.Class.method} */
    public static boolean contains(String qualifiedName) {
        return qualifiedName.startsWith("java.") || qualifiedName.startsWith("javax.")
                || qualifiedName.startsWith("jdk.") || qualifiedName.startsWith("sun.")
                || qualifiedName.startsWith("com.sun.") || qualifiedName.startsWith("kotlin.")
                || qualifiedName.startsWith("kotlinx.");
    }
}
