package dev.asyncinspect.render;

import dev.asyncinspect.analysis.RunningTests.RunningTest;
import dev.asyncinspect.export.DeadlockText;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.text.Durations;
import dev.asyncinspect.text.ValueText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code async-inspect test} says of a hang: the stuck test, then each task down its waits to
 * the root cause, with the code each one is at (its own code, not the runtime's), the variables
 * there, what it waits for and for how long.
 */
public final class HangReport {

    private static final int MOST_FRAMES = 6;

    public void test(Snapshot snapshot, RunningTest test, long runningNanos, long pid, PrintWriter out) {
        out.println("Found test stuck at:");
        out.printf("  %s  (pid %d, running for at least %s)%n", test.name(), pid, Durations.text(runningNanos));
        snapshot.task(test.taskId()).ifPresent(task -> chain(snapshot, task, test.frame(), out));
        out.flush();
    }

    /** A JVM running no test whose tasks all stood still. */
    public void still(Snapshot snapshot, String jvm, long stillNanos, PrintWriter out) {
        out.printf("Found a JVM where no task has moved for %s: pid %d (%s)%n", Durations.text(stillNanos),
                snapshot.vm().pid(), jvm);
        for (Task task : snapshot.tasks()) {
            // From the tasks nobody waits for: the others show up in their chains.
            if (!task.waitingFor().isEmpty() && task.waitedBy().isEmpty() && task.runsOwnCode() && task.parent() == null) {
                chain(snapshot, task, null, out);
            }
        }
        out.flush();
    }

    /**
     * The task, then what it waits for, and so on, until a task waits for nothing known or the waits
     * go round; the first task's frames from {@code outermost} in (a test thread's, from the test's).
     */
    private static void chain(Snapshot snapshot, Task first, Frame outermost, PrintWriter out) {
        Set<String> seen = new HashSet<>();
        String indent = "    ";
        Task at = first;
        while (at != null && seen.add(at.id())) {
            out.printf("%s└─ %s %s \"%s\"  %s%s%n", indent, at.kind().label(), at.id(), at.name(),
                    at.state().label().toUpperCase(), at.inState() == null ? "" : " for " + Durations.text(at.inState()));
            String inner = indent + "     ";
            frames(at, at == first ? outermost : null, inner, out);
            Optional<WaitEdge> edge = at.waitingFor().stream().findFirst();
            if (edge.isEmpty()) {
                out.printf("%swaits for nothing another task does: the root cause%n", inner);
                break;
            }
            out.printf("%s%s%n", inner, edge.get().description());
            at = edge.get().target() == null ? null : snapshot.task(edge.get().target()).orElse(null);
            if (at == null) {
                out.printf("%snothing in the target says who will end that wait: the root cause%n", inner);
            }
            indent = inner;
        }
        Task last = at;
        for (Deadlock deadlock : snapshot.deadlocks()) {
            if (deadlock.taskIds().contains(first.id()) || (last != null && deadlock.taskIds().contains(last.id()))) {
                out.println("    these waits go round, a deadlock:");
                DeadlockText.describe(deadlock, snapshot).lines().forEach(line -> out.println("  " + line));
            }
        }
    }

    /** The task's own frames, outermost first down to where it waits, that one marked, with its variables. */
    private static void frames(Task task, Frame outermost, String indent, PrintWriter out) {
        List<Frame> own = new ArrayList<>();
        for (Frame frame : task.frames()) {
            if (!PlatformCode.contains(frame.function()) && !PlatformCode.isFramework(frame.function())) {
                own.add(frame);
            }
            if (own.size() == MOST_FRAMES || frame == outermost) {
                break;
            }
        }
        for (int i = own.size() - 1; i >= 0; i--) {
            Frame frame = own.get(i);
            boolean innermost = i == 0;
            out.printf("%s%s  %s%s%n", indent, frame.shortFunction() + "()", frame.location(),
                    innermost && !task.waitingFor().isEmpty() ? "  ◄── " + task.state().label().toUpperCase()
                            + (task.inState() == null ? "" : " " + Durations.text(task.inState())) : "");
            if (innermost) {
                for (Variable variable : frame.variables()) {
                    out.printf("%s    %s = %s%n", indent, variable.name(), ValueText.of(variable.value()));
                }
            }
        }
    }
}
