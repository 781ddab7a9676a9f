package dev.asyncinspect.agent;

import dev.asyncinspect.analysis.TimesInState;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.SnapshotBuilder;
import dev.asyncinspect.recognize.TaskBudget;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.source.SnapshotFile;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.function.Supplier;

/**
 * One snapshot taken inside the target, on the Attach Listener thread that runs {@code agentmain}:
 * the same recognizers as the JDI source over an in-process heap view, written to the tool's
 * private directory. Nothing is left running afterwards.
 */
public final class InTargetSnapshot {

    public static final String SNAPSHOT = "snapshot.bin";

    private InTargetSnapshot() {}

    /** Writes the snapshot into the tool's directory; {@code recording}, when one runs, times the tasks. */
    static void take(Instrumentation instrumentation, AgentOptions options, Supplier<Recording> recording) throws IOException {
        Snapshot snapshot = snapshot(instrumentation, options.limits());
        Recording running = recording.get();
        if (running != null) {
            snapshot = TimesInState.of(snapshot, running, System.nanoTime());
        }
        SnapshotFile.write(snapshot, options.out().resolve(SNAPSHOT));
    }

    /** A cycle is reported only when its threads, read again, still wait as they did (see {@link CycleCheck}). */
    private static Snapshot snapshot(Instrumentation instrumentation, ValueReader.Limits limits) {
        Snapshot first = look(instrumentation, limits);
        if (first.deadlocks().isEmpty()) {
            return first;
        }
        List<Deadlock> confirmed = CycleCheck.confirmed(first, build -> {
            try (AgentHeapView heap = new AgentHeapView(instrumentation)) {
                return build.apply(heap);
            }
        }, limits, first.vm());
        return new Snapshot(first.vm(), first.takenAt(), first.tasks(), confirmed, first.gaps());
    }

    private static Snapshot look(Instrumentation instrumentation, ValueReader.Limits limits) {
        try (AgentHeapView heap = new AgentHeapView(instrumentation)) {
            return new SnapshotBuilder(limits, heapBudget()).build(heap, vmInfo());
        }
    }

    /**
     * A task per 4 KB of the heap the target has free (at least 10,000): reading a task allocates 3-9 KB in the
     * agent (measured: futures, coroutines under the debug agent), most of it garbage before the next.
     */
    static TaskBudget heapBudget() {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        return new TaskBudget(Math.max(10_000, free / 4096),
                String.format("a task per 4 KB of the target's %,d MB of free heap", free >> 20));
    }

    private static VmInfo vmInfo() {
        String command = System.getProperty("sun.java.command", "");
        String mainClass = command.isBlank() ? null : command.split(" ", 2)[0];
        return new VmInfo(ProcessHandle.current().pid(), mainClass, System.getProperty("java.version"),
                System.getProperty("java.vm.name"), "agent");
    }
}
