package dev.asyncinspect.attach;

/** Whether a JVM accepts the snapshot agent, as judged from its version and flags. */
public enum AgentLoading {
    /** Loads it silently: before JDK 21, or started with -XX:+EnableDynamicAgentLoading. */
    QUIET("yes"),
    /** Loads it, printing a warning on the target's stderr (JEP 451, JDK 21+). */
    WARNS("yes, warns*"),
    /** Started with -XX:-EnableDynamicAgentLoading. */
    FORBIDDEN("forbidden"),
    UNKNOWN("unknown");

    static final String QUIET_FLAG = "-XX:+EnableDynamicAgentLoading";

    private final String label;

    AgentLoading(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static AgentLoading of(int featureVersion, String jvmArgs) {
        if (jvmArgs.contains("-XX:-EnableDynamicAgentLoading")) {
            return FORBIDDEN;
        }
        return featureVersion >= 21 && !jvmArgs.contains(QUIET_FLAG) ? WARNS : QUIET;
    }

    /** The footnote for {@link #WARNS}. */
    public static String warning() {
        return "* JDK 21+ prints a warning in the target when the agent loads (JEP 451); start it with " + QUIET_FLAG
                + " to allow it quietly (and, on JDK 24+, --enable-native-access=ALL-UNNAMED for its JVMTI library)";
    }
}
