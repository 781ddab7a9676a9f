package dev.asyncinspect.it;

/**
 * How a test reaches its target: through JDWP (JDI reads each object) or through the agent (the
 * target started with no flags at all). Tests that run on every route assert the same content.
 */
enum Route {
    JDWP_17(Jdk.JDK17, true), JDWP_25(Jdk.JDK25, true), AGENT_17(Jdk.JDK17, false), AGENT_25(Jdk.JDK25, false);

    private final Jdk jdk;
    private final boolean jdwp;

    Route(Jdk jdk, boolean jdwp) {
        this.jdk = jdk;
        this.jdwp = jdwp;
    }

    Jdk jdk() {
        return jdk;
    }

    boolean jdwp() {
        return jdwp;
    }

    /** The tool's {@code --via} for this route. */
    String via() {
        return jdwp ? "jdwp" : "agent";
    }

    TargetJvm start(String mainClass, String... args) throws Exception {
        return TargetJvm.start(jdk, jdwp ? TargetJvm.JDWP : null, mainClass, args).via(via());
    }
}
