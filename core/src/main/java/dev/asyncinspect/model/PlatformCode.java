package dev.asyncinspect.model;

import java.util.List;

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

    /** Frameworks' packages: not the runtime, but not the user's code either, so not where a user looks first. */
    private static final List<String> FRAMEWORKS = List.of("io.ktor.", "io.netty.", "reactor.", "io.reactivex.", "com.google.common.",
            "org.springframework.", "io.micronaut.", "io.vertx.", "io.quarkus.", "io.grpc.", "okhttp3.", "org.apache.",
            "org.eclipse.jetty.", "io.undertow.", "com.fasterxml.");

    /** @param qualifiedName a class name or a {@code pkg.Class.method} */
    public static boolean isFramework(String qualifiedName) {
        for (String prefix : FRAMEWORKS) {
            if (qualifiedName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
