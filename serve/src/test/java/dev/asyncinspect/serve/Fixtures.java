package dev.asyncinspect.serve;

import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.TaskState.Phase;
import dev.asyncinspect.model.TimeInState;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.TimelineEvent.Kind;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.serve.live.Look;
import java.time.Instant;
import java.util.List;

/** Looks built by hand: what a watch would hand the metrics and the span export. */
public final class Fixtures {

    public static final long MS = 1_000_000;

    private Fixtures() {}

    public static Task task(String id, TaskKind kind, Phase phase, Long waitedMs) {
        return new Task(id, kind, id, new TaskState(phase, phase.name().toLowerCase()), null, List.of(), List.of(), List.of(),
                List.of(), List.of(), waitedMs == null ? null : new TimeInState(waitedMs * MS, true));
    }

    public static TimelineEvent suspension(long ms, String task, Kind kind, int state, long machine) {
        return new TimelineEvent(ms * MS, task, kind, "app.Orders.fetch", state, "Orders.kt:" + (20 + state), machine, null);
    }

    public static TimelineEvent event(long ms, String task, Kind kind, String location, String detail) {
        return new TimelineEvent(ms * MS, task, kind, "app.Stats.add", 0, location, 42, detail);
    }

    public static Recording recording(long startedMs, TimelineEvent... events) {
        return new Recording(startedMs * MS, 0, 1000, 0, List.of(events), List.of(), List.of());
    }

    public static Look look(long sequence, long costMs, Recording recording, Task... tasks) {
        Snapshot snapshot = new Snapshot(new VmInfo(7, "Main", "17", "vm", "agent"), Instant.EPOCH, List.of(tasks), List.of(), List.of());
        return new Look(sequence, snapshot, recording, costMs * MS);
    }
}
