package dev.asyncinspect.agent;

import dev.asyncinspect.agent.jvmti.Jvmti;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.SnapshotBuilder;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.source.PrivateFile;
import dev.asyncinspect.source.SnapshotFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One snapshot taken inside the target, on the Attach Listener thread that runs {@code agentmain}:
 * the same recognizers as the JDI source over an in-process heap view, written to the tool's
 * private directory. Nothing is left running afterwards, and no failure escapes into the target.
 */
public final class InTargetSnapshot {

    public static final String SNAPSHOT = "snapshot.bin";
    public static final String ERROR = "error.txt";

    private InTargetSnapshot() {}

    /** @param options {@code payload=JAR;out=DIR;native=DIR;limits=DEPTH,ELEMENTS,TEXT} */
    public static void take(Instrumentation instrumentation, String options) {
        AgentOptions parsed = AgentOptions.parse(options);
        synchronized (InTargetSnapshot.class) {     // two tools at once take turns
            try {
                Jvmti.load(parsed.nativeDirectory());
                SnapshotFile.write(snapshot(instrumentation, parsed.limits()), parsed.out().resolve(SNAPSHOT));
            } catch (Throwable failure) {             // even an OutOfMemoryError: the target runs on
                writeError(parsed.out(), failure);
            }
        }
    }

    /**
     * The target runs on while the agent reads it, so a wait read just before its lock changed
     * hands can look like a cycle. A deadlock does not go away: a cycle is reported only when a
     * second look finds it again.
     */
    private static Snapshot snapshot(Instrumentation instrumentation, ValueReader.Limits limits) {
        Snapshot first = look(instrumentation, limits);
        if (first.deadlocks().isEmpty()) {
            return first;
        }
        Set<Set<String>> again = look(instrumentation, limits).deadlocks().stream()
                .map(d -> Set.copyOf(d.taskIds())).collect(Collectors.toSet());
        List<Deadlock> confirmed = first.deadlocks().stream().filter(d -> again.contains(Set.copyOf(d.taskIds()))).toList();
        return new Snapshot(first.vm(), first.takenAt(), first.tasks(), confirmed, first.gaps());
    }

    private static Snapshot look(Instrumentation instrumentation, ValueReader.Limits limits) {
        try (AgentHeapView heap = new AgentHeapView(instrumentation)) {
            return new SnapshotBuilder(limits).build(heap, vmInfo());
        }
    }

    private static VmInfo vmInfo() {
        String command = System.getProperty("sun.java.command", "");
        String mainClass = command.isBlank() ? null : command.split(" ", 2)[0];
        return new VmInfo(ProcessHandle.current().pid(), mainClass, System.getProperty("java.version"),
                System.getProperty("java.vm.name"), "agent");
    }

    /** First line for the user, then the trace for {@code --debug}. */
    private static void writeError(Path directory, Throwable failure) {
        StringWriter text = new StringWriter();
        text.append(failure.getClass().getSimpleName()).append(": ").append(String.valueOf(failure.getMessage())).append('\n');
        failure.printStackTrace(new PrintWriter(text));
        try {
            PrivateFile.replace(directory.resolve(ERROR), out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException unwritable) {
            // The tool will say the agent left no answer.
        }
    }
}
