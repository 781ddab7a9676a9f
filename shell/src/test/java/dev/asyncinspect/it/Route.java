package dev.asyncinspect.it;

/**
 * How a test reaches its target: through JDWP (JDI reads each object) or through the agent (the
 * target started with no flags at all), and whether the target runs kotlinx-coroutines-debug's agent
 * (as every IntelliJ debug run does), which wraps each coroutine's completion. Tests that run on every
 * route assert the same content.
 */
enum Route {
    JDWP_17(Jdk.JDK17, true, false), JDWP_25(Jdk.JDK25, true, false), AGENT_17(Jdk.JDK17, false, false),
    AGENT_25(Jdk.JDK25, false, false), PROBES_AGENT_17(Jdk.JDK17, false, true), PROBES_JDWP_25(Jdk.JDK25, true, true);

    /** The routes whose target runs the coroutine debug agent, which a program without kotlinx.coroutines cannot. */
    static final String WITH_PROBES = "PROBES_.*";

    private final Jdk jdk;
    private final boolean jdwp;
    private final boolean probes;

    Route(Jdk jdk, boolean jdwp, boolean probes) {
        this.jdk = jdk;
        this.jdwp = jdwp;
        this.probes = probes;
    }

    Jdk jdk() {
        return jdk;
    }

    boolean jdwp() {
        return jdwp;
    }

    boolean probes() {
        return probes;
    }

    /** One debug-agent route records creation stacks too (IntelliJ's debugger turns them on), the other not (the agent's default). */
    boolean creationStacks() {
        return this == PROBES_JDWP_25;
    }

    /** The tool's {@code --via} for this route. */
    String via() {
        return jdwp ? "jdwp" : "agent";
    }

    TargetJvm start(String mainClass, String... args) throws Exception {
        return TargetJvm.start(jdk, options(mainClass), mainClass, args).via(via());
    }

    /** {@code java -jar JAR} on this route (the debug agent cannot start there: its classes are inside the archive). */
    TargetJvm startJar(java.nio.file.Path jar) throws Exception {
        return TargetJvm.startJar(jdk, options(null), jar).via(via());
    }

    private String options(String mainClass) {
        String options = jdwp ? TargetJvm.JDWP : null;
        if (probes && mainClass != null) {
            String debugAgent = "-javaagent:" + TargetJvm.coroutinesDebugAgent(mainClass)
                    + (creationStacks() ? " -Dkotlinx.coroutines.debug.enable.creation.stack.trace=true" : "");
            options = options == null ? debugAgent : options + " " + debugAgent;
        }
        return options;
    }
}
