package dev.asyncinspect.render;

import dev.asyncinspect.text.Durations;
import dev.asyncinspect.export.DeadlockText;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.WaitEdge;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Why a task does not progress, in a few sentences: follow its first wait down to the root cause. */
public final class WhyText {

    public void print(Snapshot snapshot, Task task, PrintWriter out) {
        Optional<Deadlock> cycle = snapshot.deadlocks().stream().filter(d -> d.taskIds().contains(task.id())).findFirst();
        if (task.waitingFor().isEmpty()) {
            out.printf("%s \"%s\" is %s and waits for nothing%s.%n", task.id(), task.name(), task.state().label(),
                    Where.of(task).isEmpty() ? "" : " (at " + Where.of(task) + ")");
            out.flush();
            return;
        }
        Set<String> seen = new HashSet<>();
        Task at = task;
        while (at != null && seen.add(at.id())) {
            WaitEdge edge = at.waitingFor().isEmpty() ? null : at.waitingFor().get(0);
            if (edge == null) {
                out.printf("%s \"%s\" is %s and waits for nothing another task does: that is the root cause%s.%n",
                        at.id(), at.name(), at.state().label(), Where.of(at).isEmpty() ? "" : " (at " + Where.of(at) + ")");
                break;
            }
            out.printf("%s \"%s\" %s%s%s.%n", at.id(), at.name(), edge.description(), lasted(at),
                    Where.of(at).isEmpty() ? "" : " (at " + Where.of(at) + ")");
            at = edge.target() == null ? null : snapshot.task(edge.target()).orElse(null);
            if (at == null) {
                out.println("Nothing in the target says who will end that wait: that is the root cause.");
            }
        }
        if (cycle.isPresent()) {
            out.println("These waits form a cycle, so none of them can ever end: a deadlock.");
            out.println("suggestion: " + DeadlockText.advice(cycle.get().advice()));
        }
        out.flush();
    }

    /** ", for 6.2 s so far" where the recorder timed the wait. */
    static String lasted(Task task) {
        return task.inState() == null ? "" : ", for " + Durations.text(task.inState()) + " so far";
    }
}
