package dev.asyncinspect.render;

import dev.asyncinspect.export.DeadlockText;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Snapshot;
import java.io.PrintWriter;

/** Each wait-for cycle, as the analysis explained it. */
public final class DeadlockReport {

    public void print(Snapshot snapshot, PrintWriter out) {
        if (snapshot.deadlocks().isEmpty()) {
            out.println("no deadlock: the wait-for graph has no cycle");
        }
        for (Deadlock deadlock : snapshot.deadlocks()) {
            out.println("DEADLOCK DETECTED");
            out.println(DeadlockText.describe(deadlock, snapshot));
            out.println();
        }
        out.flush();
    }
}
