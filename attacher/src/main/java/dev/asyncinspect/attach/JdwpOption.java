package dev.asyncinspect.attach;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code -agentlib:jdwp=...} (or {@code -Xrunjdwp:...}) option a JVM was started with. */
record JdwpOption(Map<String, String> options) {

    /** Finds the JDWP option in the JVM arguments (agent property {@code sun.jvm.args}). */
    static Optional<JdwpOption> find(String jvmArgs) {
        for (String arg : jvmArgs.split("\\s+")) {
            String settings;
            if (arg.startsWith("-agentlib:jdwp")) {
                settings = arg.substring("-agentlib:jdwp".length());
            } else if (arg.startsWith("-Xrunjdwp")) {
                settings = arg.substring("-Xrunjdwp".length());
            } else {
                continue;
            }
            Map<String, String> options = new HashMap<>();
            for (String pair : settings.replaceFirst("^[=:]", "").split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    options.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return Optional.of(new JdwpOption(Map.copyOf(options)));
        }
        return Optional.empty();
    }

    boolean server() {
        return "y".equals(options.get("server"));
    }

    /** A listening agent that waits for {@code jcmd VM.start_java_debugging} (JDK 23 and older). */
    boolean dormant() {
        return server() && "y".equals(options.get("onjcmd"));
    }
}
