package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.WaitEdge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What follows from the tasks a source recognized: who waits for each, and the cycles among them. */
public final class SnapshotAnalysis {

    public Snapshot analyze(Snapshot recognized) {
        List<Task> tasks = withWaitedBy(recognized.tasks());
        return new Snapshot(recognized.vm(), recognized.takenAt(), tasks,
                new DeadlockFinder().find(new WaitGraph(tasks)), recognized.gaps());
    }

    /** Every wait edge read backwards. */
    private static List<Task> withWaitedBy(List<Task> tasks) {
        Map<String, List<String>> waiters = new HashMap<>();
        for (Task task : tasks) {
            for (WaitEdge edge : task.waitingFor()) {
                if (edge.target() != null) {
                    waiters.computeIfAbsent(edge.target(), k -> new ArrayList<>()).add(task.id());
                }
            }
        }
        List<Task> analysed = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            List<String> waitedBy = waiters.get(task.id());
            analysed.add(waitedBy == null ? task : task.withWaitedBy(waitedBy));     // most tasks: nobody waits, no copy
        }
        return analysed;
    }
}
