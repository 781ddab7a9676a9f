package dev.asyncinspect.cli;

import dev.asyncinspect.attach.AgentLoading;
import dev.asyncinspect.attach.JvmDescriptor;
import dev.asyncinspect.attach.JvmDirectory;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List local JVMs and how each can be inspected.")
final class ListCommand implements Callable<Integer> {

    private static final String ROW = "%-8s %-50s %-10s %-12s %-16s %s%n";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<JvmDescriptor> jvms = new JvmDirectory().list();
        out.printf(ROW, "PID", "MAIN", "JAVA", "AGENT", "JDWP", "NOTE");
        for (JvmDescriptor jvm : jvms) {
            out.printf(ROW, jvm.pid(), jvm.mainClass(), jvm.javaVersion(), jvm.agent().label(),
                    jvm.inspectability().label(), jvm.note());
        }
        if (jvms.isEmpty()) {
            out.println("(no JVMs of this user found)");
        }
        if (jvms.stream().anyMatch(jvm -> jvm.agent() == AgentLoading.WARNS)) {
            out.println(AgentLoading.warning());
        }
        out.println("AGENT: snapshots and recording with no startup flags; JDWP: also breakpoints and stepping");
        out.flush();
        return 0;
    }
}
