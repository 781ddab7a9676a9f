package dev.asyncinspect.attach;

/**
 * One running JVM as seen by {@link JvmDirectory}.
 *
 * @param mainClass   main class or jar, as the JVM was started
 * @param javaVersion the target's {@code java.version}, or "" when it could not be read
 * @param inspectability whether breakpoints and stepping are possible (JDWP)
 * @param agent       whether snapshots can be taken with no startup flags (the agent)
 * @param note        "" or extra detail: the JDWP address, or why the JVM could not be read
 */
public record JvmDescriptor(long pid, String mainClass, String javaVersion,
                            Inspectability inspectability, AgentLoading agent, String note) {
}
