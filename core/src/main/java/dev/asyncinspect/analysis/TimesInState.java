package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskState.Phase;
import dev.asyncinspect.model.TimeInState;
import dev.asyncinspect.model.TimelineEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each task has been in its state, from what a recording saw of it, and only where the
 * recording can tell: a coroutine suspended or resumed while recorded is timed exactly from that
 * event; one with no event at all was suspended throughout (its resume would have been recorded),
 * a lower bound; a thread, from the recorder's once-a-second look, a lower bound. Anything else
 * (a future, whose creation is not recorded; a task the recording contradicts) stays unknown.
 */
public final class TimesInState {

    private TimesInState() {}

    /** @param now when the snapshot was taken, on the recording's clock */
    public static Snapshot of(Snapshot snapshot, Recording recording, long now) {
        if (recording.startedNanos() == 0 || (recording.endedNanos() != 0 && now > recording.endedNanos())) {
            return snapshot;
        }
        Map<String, TimelineEvent> last = new HashMap<>();
        for (TimelineEvent event : recording.events()) {
            if (event.taskId() != null && event.kind() != TimelineEvent.Kind.FUTURE_COMPLETED) {
                last.put(event.taskId(), event);
            }
        }
        Map<String, Recording.ThreadSince> threads = new HashMap<>();
        recording.threads().forEach(t -> threads.put(t.taskId(), t));
        List<Task> tasks = snapshot.tasks().stream().map(task -> {
            TimeInState time = switch (task.kind()) {
                case COROUTINE -> coroutine(task.state().phase(), last.get(task.id()), recording, now);
                case THREAD, VIRTUAL_THREAD -> thread(task.state().phase(), threads.get(task.id()), now);
                default -> null;
            };
            return time == null ? task : task.withInState(time);
        }).toList();
        return new Snapshot(snapshot.vm(), snapshot.takenAt(), tasks, snapshot.deadlocks(), snapshot.gaps());
    }

    private static TimeInState coroutine(Phase phase, TimelineEvent last, Recording recording, long now) {
        if (last == null) {
            return phase == Phase.WAITING ? new TimeInState(now - recording.completeSince(), false) : null;
        }
        boolean agrees = switch (last.kind()) {
            case SUSPENDED -> phase == Phase.WAITING;
            case RESUMED, CREATED -> phase == Phase.RUNNING || (last.kind() == TimelineEvent.Kind.CREATED && phase == Phase.NEW);
            default -> false;
        };
        return agrees && now >= last.nanos() ? new TimeInState(now - last.nanos(), true) : null;
    }

    private static TimeInState thread(Phase phase, Recording.ThreadSince since, long now) {
        return since != null && since.phase() == phase && now >= since.nanos() ? new TimeInState(now - since.nanos(), false) : null;
    }

}
