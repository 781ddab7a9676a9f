package dev.asyncinspect.attach;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Lists the JVMs on this machine and how each can be inspected. */
public final class JvmDirectory {

    public List<JvmDescriptor> list() {
        long self = ProcessHandle.current().pid();
        return VirtualMachine.list().stream()
                .filter(d -> pid(d) > 0 && pid(d) != self)
                .map(d -> describe(pid(d), firstToken(d.displayName())))
                .sorted(Comparator.comparingLong(JvmDescriptor::pid))
                .toList();
    }

    /** The JVMs on this machine by pid, each with its main class or jar, without attaching to any. */
    public Map<Long, String> mainClasses() {
        Map<Long, String> mains = new HashMap<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (pid(d) > 0) {
                mains.put(pid(d), firstToken(d.displayName()));
            }
        }
        return mains;
    }

    /** One JVM by pid, for a caller that already knows which one it wants. */
    public JvmDescriptor describe(long pid) {
        return describe(pid, "");
    }

    private static JvmDescriptor describe(long pid, String fallbackMain) {
        try (AttachedVm vm = AttachedVm.attach(pid)) {
            Properties system = vm.systemProperties();
            Properties agent = vm.agentProperties();
            String command = firstToken(system.getProperty("sun.java.command", ""));
            String main = command.isEmpty() ? fallbackMain : command;
            String version = system.getProperty("java.version", "");
            String jvmArgs = agent.getProperty(AttachedVm.JVM_ARGS, "");
            AgentLoading loading = AgentLoading.of(JdwpLocator.featureVersion(version), jvmArgs);
            Optional<JdwpEndpoint> listening = vm.listenerEndpoint(agent);
            if (listening.isPresent()) {
                return new JvmDescriptor(pid, main, version, Inspectability.JDWP_LISTENING, loading, listening.get().address());
            }
            boolean dormant = JdwpOption.find(jvmArgs).filter(JdwpOption::dormant).isPresent();
            return dormant
                    ? new JvmDescriptor(pid, main, version, Inspectability.JDWP_DORMANT, loading, "onjcmd=y")
                    : new JvmDescriptor(pid, main, version, Inspectability.NONE, loading, "");
        } catch (AttachException e) {
            return new JvmDescriptor(pid, fallbackMain, "", Inspectability.UNKNOWN, AgentLoading.UNKNOWN, e.getMessage());
        }
    }

    /** Attach providers on Linux use the pid as the id; anything else is not ours to attach. */
    private static long pid(VirtualMachineDescriptor d) {
        try {
            return Long.parseLong(d.id());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String firstToken(String text) {
        String stripped = text.strip();
        int space = stripped.indexOf(' ');
        return space < 0 ? stripped : stripped.substring(0, space);
    }
}
