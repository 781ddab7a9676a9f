package dev.asyncinspect.attach;

import java.util.Optional;
import java.util.Properties;

/** Finds, and if need be wakes, the JDWP agent of a running JVM. */
public final class JdwpLocator {

    public static final String JDWP_FLAG = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
    private static final long ACTIVATION_WAIT_MS = 3_000;

    public JdwpEndpoint locate(long pid) {
        ProcessChecks.check(pid);
        try (AttachedVm vm = AttachedVm.attach(pid)) {
            Properties agent = vm.agentProperties();
            Optional<JdwpEndpoint> listening = vm.listenerEndpoint(agent);
            if (listening.isPresent()) {
                return listening.get();
            }
            Optional<JdwpOption> jdwp = JdwpOption.find(agent.getProperty(AttachedVm.JVM_ARGS, ""));
            if (jdwp.isEmpty()) {
                throw noJdwp(pid, vm.systemProperties().getProperty("java.version", ""));
            }
            if (jdwp.get().dormant()) {
                return activate(pid, vm);
            }
            if (!jdwp.get().server()) {
                throw new AttachException("pid " + pid + " has a JDWP agent that connects out instead of listening;"
                        + " restart it with " + JDWP_FLAG);
            }
            return awaitListening(vm).orElseThrow(() -> new AttachException("pid " + pid
                    + " has a JDWP agent that is not listening; another debugger is probably connected to it"));
        }
    }

    private static JdwpEndpoint activate(long pid, AttachedVm vm) {
        String output = vm.jcmd("VM.start_java_debugging");
        Optional<JdwpEndpoint> listening = awaitListening(vm);
        if (listening.isPresent()) {
            return listening.get();
        }
        String reply = output.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("no reply");
        throw new AttachException("pid " + pid + " did not start listening after VM.start_java_debugging (" + reply + ")");
    }

    /** JDWP takes a moment to listen again after a debugger detaches, or after it is woken. */
    private static Optional<JdwpEndpoint> awaitListening(AttachedVm vm) {
        long deadline = System.nanoTime() + ACTIVATION_WAIT_MS * 1_000_000;
        do {
            Optional<JdwpEndpoint> listening = vm.listenerEndpoint(vm.agentProperties());
            if (listening.isPresent()) {
                return listening;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private static AttachException noJdwp(long pid, String javaVersion) {
        // onjcmd arrived in JDK 11.0.2/12 and was removed in 24 (JDK-8336401).
        int feature = featureVersion(javaVersion);
        String hint = feature >= 11 && feature <= 23
                ? " (adding ,onjcmd=y lets it sleep until async-inspect asks)" : "";
        return new NoJdwpException("pid " + pid + " has no JDWP agent; restart it with " + JDWP_FLAG + hint);
    }

    /** The JVM has no JDWP at all: it can still be inspected through the agent, read-only. */
    public static final class NoJdwpException extends AttachException {
        NoJdwpException(String message) {
            super(message);
        }
    }

    /** "17.0.15" → 17, "1.8.0_402" → 8, unreadable → 0. */
    static int featureVersion(String javaVersion) {
        String[] parts = javaVersion.split("[.\\-+_]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachException("interrupted while waiting for JDWP to start");
        }
    }
}
