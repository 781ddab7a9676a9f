package dev.asyncinspect.model;

import java.util.List;

/**
 * What the recorder saw, on the target's monotonic clock (the tool's too, on one machine).
 *
 * @param endedNanos 0 while it still records
 * @param dropped    events the ring overwrote when it was full: the oldest are gone
 * @param threads    when each thread was last seen to change state (by the recorder's once-a-second look)
 * @param gaps       what it could not record, one line each
 */
public record Recording(long startedNanos, long endedNanos, int capacity, long dropped, List<TimelineEvent> events,
                        List<ThreadSince> threads, List<String> gaps) {

    /** A thread seen in the same state since {@code nanos}; {@code sinceStart} when that is the recording's start. */
    public record ThreadSince(String taskId, TaskState.Phase phase, long nanos, boolean sinceStart) {}

    public static final Recording NONE = new Recording(0, 0, 0, 0, List.of(), List.of(), List.of());

    public Recording {
        events = List.copyOf(events);
        threads = List.copyOf(threads);
        gaps = List.copyOf(gaps);
    }

    public boolean recording() {
        return startedNanos != 0 && endedNanos == 0;
    }

    /** Since when the events are complete: the start, or the oldest event kept when the ring dropped some. */
    public long completeSince() {
        return dropped == 0 || events.isEmpty() ? startedNanos : events.get(0).nanos();
    }
}
