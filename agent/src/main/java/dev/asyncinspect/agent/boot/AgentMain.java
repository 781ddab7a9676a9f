package dev.asyncinspect.agent.boot;

import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The only class the Attach API puts on the target's class path. It touches nothing but the JDK:
 * the inspector (model, recognizers, ASM, the JVMTI binding) lives in a payload jar behind its own
 * class loader, whose parent is the platform loader, so none of it can clash with the app's
 * classes. The loader is kept, so loading the agent again reuses what is loaded (and the native
 * library, which only one loader may hold).
 */
public final class AgentMain {

    private static final Map<String, ClassLoader> PAYLOADS = new HashMap<>();

    /** The options that ask for {@link #hashesAskedFor}' identity hash codes instead of a snapshot. */
    public static final String IDENTITY_HASHES = "identity-hashes";

    /**
     * Set by the tool over JDWP: objects it read through JDWP and must name by their identity hash
     * codes, the ids snapshots through the agent give them, so one id means one object whichever way it
     * was read. The answer is left in {@link #hashesAnswered} for the tool to read and clear.
     */
    public static volatile Object[] hashesAskedFor;
    public static volatile int[] hashesAnswered;

    /** How long after its start a JVM begins to record; none of its tests can hang that soon. */
    static final long START_DELAY_MILLIS = 1_000;

    private AgentMain() {}

    /** At the JVM's start, from {@code -javaagent:JAR=OPTIONS} (how {@code async-inspect test} reaches the JVMs a build starts). */
    public static void premain(String options, Instrumentation instrumentation) {
        // The JVM's start does not wait for the recorder's: it begins beside the app, on a daemon thread.
        Thread start = new Thread(() -> {
            try {
                // The JVMs a build starts for a moment (a version check, a short tool) exit before paying anything.
                Thread.sleep(START_DELAY_MILLIS);
                agentmain(options, instrumentation);
            } catch (InterruptedException exiting) {
                Thread.currentThread().interrupt();
            } catch (Exception | LinkageError failed) {
                // The payload writes its own errors where the tool reads them; this is the loader failing.
                System.err.println("async-inspect: the agent could not start: " + failed);
            }
        }, "async-inspect start");
        start.setDaemon(true);
        start.start();
    }

    /** @param options {@code payload=JAR;out=DIR;...}, see the payload's {@code AgentOptions} */
    public static void agentmain(String options, Instrumentation instrumentation) throws Exception {
        if (IDENTITY_HASHES.equals(options)) {
            Object[] asked = hashesAskedFor;
            int[] hashes = new int[asked == null ? 0 : asked.length];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = System.identityHashCode(asked[i]);
            }
            hashesAskedFor = null;
            hashesAnswered = hashes;
            return;
        }
        String payload = option(options, "payload");
        ClassLoader loader;
        synchronized (PAYLOADS) {
            loader = PAYLOADS.get(payload);
            if (loader == null) {
                URL jar = Path.of(payload).toUri().toURL();
                loader = new URLClassLoader("async-inspect", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
                PAYLOADS.put(payload, loader);
            }
        }
        Class<?> entry = Class.forName("dev.asyncinspect.agent.AgentEntry", true, loader);
        entry.getMethod("run", Instrumentation.class, String.class).invoke(null, instrumentation, options);
    }

    private static String option(String options, String name) {
        for (String option : options == null ? new String[0] : options.split(";")) {
            if (option.startsWith(name + "=")) {
                return option.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("async-inspect agent: missing option " + name);
    }
}
