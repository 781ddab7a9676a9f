package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What follows from the tasks a source recognized: who waits for each, and the cycles among them. */
public final class SnapshotAnalysis {

    public Snapshot analyze(Snapshot recognized) {
        WaitGraph graph = new WaitGraph(recognized.tasks());
        return new Snapshot(recognized.vm(), recognized.takenAt(), withWaitedBy(graph),
                new DeadlockFinder().find(graph), recognized.gaps());
    }

    /** Every wait between tasks read backwards: the graph has numbered the tasks, so no id is hashed again. */
    private static List<Task> withWaitedBy(WaitGraph graph) {
        List<List<String>> waiters = new ArrayList<>(Collections.nCopies(graph.size(), null));
        for (int from = 0; from < graph.size(); from++) {
            for (WaitGraph.Step step : graph.stepsFrom(from)) {
                List<String> of = waiters.get(step.to());
                if (of == null) {
                    of = new ArrayList<>(1);
                    waiters.set(step.to(), of);
                }
                of.add(step.from().id());
            }
        }
        List<Task> analysed = new ArrayList<>(graph.size());
        for (int number = 0; number < graph.size(); number++) {
            List<String> waitedBy = waiters.get(number);
            analysed.add(waitedBy == null ? graph.task(number) : graph.task(number).withWaitedBy(waitedBy));     // most tasks: nobody waits, no copy
        }
        return analysed;
    }
}
