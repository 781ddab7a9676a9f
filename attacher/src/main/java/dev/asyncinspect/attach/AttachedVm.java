package dev.asyncinspect.attach;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** A short-lived Attach API connection to one JVM; close it to detach. */
final class AttachedVm implements AutoCloseable {

    static final String LISTENER_ADDRESS = "sun.jdwp.listenerAddress";
    static final String JVM_ARGS = "sun.jvm.args";
    private static final String HOTSPOT_VM = "sun.tools.attach.HotSpotVirtualMachine";
    static final String EXPORT_FLAG = "--add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED";

    private final long pid;
    private final VirtualMachine vm;

    private AttachedVm(long pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    static AttachedVm attach(long pid) {
        try {
            return new AttachedVm(pid, VirtualMachine.attach(Long.toString(pid)));
        } catch (AttachNotSupportedException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("does not support the attach mechanism")) {
                throw new AttachException("pid " + pid
                        + " has attach disabled (-XX:+DisableAttachMechanism); restart it without that flag");
            }
            throw new AttachException("pid " + pid + " refused the attach request: " + firstLine(reason));
        } catch (IOException e) {
            throw new AttachException("cannot attach to pid " + pid + ": " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    Properties systemProperties() {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** Read fresh each time: the JDWP listener address changes after every debugger detaches. */
    Properties agentProperties() {
        try {
            return vm.getAgentProperties();
        } catch (IOException e) {
            throw lost(e);
        }
    }

    Optional<JdwpEndpoint> listenerEndpoint(Properties agentProperties) {
        String reported = agentProperties.getProperty(LISTENER_ADDRESS);
        if (reported == null || reported.isBlank()) {
            return Optional.empty();    // blank while JDWP re-opens its socket after a debugger left
        }
        return Optional.of(JdwpEndpoint.parse(reported).orElseThrow(() -> new AttachException(
                "pid " + pid + " reports a JDWP address async-inspect cannot read: " + reported)));
    }

    /**
     * Runs a diagnostic command as {@code jcmd} does. The method lives in a package jdk.attach
     * does not export, hence reflection and the flag named in the error.
     */
    String jcmd(String command) {
        Method executeJCmd;
        try {
            Class<?> hotspot = Class.forName(HOTSPOT_VM);
            if (!hotspot.isInstance(vm)) {
                throw new AttachException("pid " + pid + " is not a HotSpot JVM; cannot run jcmd " + command);
            }
            executeJCmd = hotspot.getMethod("executeJCmd", String.class);
        } catch (ReflectiveOperationException e) {
            throw new AttachException("this JDK's jdk.attach module has no " + HOTSPOT_VM + ".executeJCmd");
        }
        try (InputStream out = (InputStream) executeJCmd.invoke(vm, command)) {
            return new String(out.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IllegalAccessException e) {
            throw new AttachException("running jcmd " + command + " needs async-inspect's JVM started with "
                    + EXPORT_FLAG);
        } catch (InvocationTargetException e) {
            throw new AttachException("jcmd " + command + " failed in pid " + pid + ": "
                    + firstLine(String.valueOf(e.getCause().getMessage())));
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * Loads a Java agent and waits for its {@code agentmain} to return.
     *
     * @throws AgentRefusedException when the target refuses dynamically loaded agents
     */
    void loadAgent(Path jar, String options) {
        try {
            vm.loadAgent(jar.toString(), options);
        } catch (AgentLoadException e) {
            String reason = firstLine(String.valueOf(e.getMessage()));
            if (reason.contains("EnableDynamicAgentLoading") || reason.contains("not enabled")) {
                throw new AgentRefusedException("pid " + pid + " forbids loading agents (-XX:-EnableDynamicAgentLoading);"
                        + " restart it without that flag, or with " + JdwpLocator.JDWP_FLAG);
            }
            throw new AgentRefusedException("pid " + pid + " could not load the async-inspect agent: " + reason);
        } catch (AgentInitializationException e) {
            throw new AttachException("the async-inspect agent failed in pid " + pid + " (code " + e.returnValue() + ")");
        } catch (IOException e) {
            throw new AttachException("pid " + pid + " exited or closed the connection while the agent ran: "
                    + firstLine(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public void close() {
        try {
            vm.detach();
        } catch (IOException e) {
            // The connection is already gone; nothing is left to release.
        }
    }

    private AttachException lost(IOException e) {
        return new AttachException("lost the attach connection to pid " + pid + ": "
                + firstLine(String.valueOf(e.getMessage())));
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }
}
