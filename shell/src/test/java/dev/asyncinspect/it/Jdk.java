package dev.asyncinspect.it;

import java.nio.file.Path;

/** The JDKs targets run on; their homes come from the build (surefire system properties). */
enum Jdk {
    JDK17("asyncinspect.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"),
    JDK25("asyncinspect.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");

    private final Path home;

    Jdk(String property, String fallback) {
        this.home = Path.of(System.getProperty(property, fallback));
    }

    Path home() {
        return home;
    }

    Path java() {
        return home.resolve("bin/java");
    }

    Path jcmd() {
        return home.resolve("bin/jcmd");
    }

    boolean hasVirtualThreads() {
        return this == JDK25;
    }
}
