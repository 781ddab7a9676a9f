package dev.asyncinspect.analysis;

import dev.asyncinspect.model.TimelineEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A recording's events paired into the intervals they bound, one event at a time, so that a live
 * view can feed it each new batch: a state machine's run (resumed until it suspended or completed), its
 * suspension (suspended at a point until resumed from it), a thread's wait (until it ran again).
 * An interval whose start was not seen (before the recording, or dropped from the ring) is not made up.
 */
public final class Intervals {

    public enum What { RUN, SUSPENDED, THREAD_WAIT }

    /** @param began the event that opened it: its kind, function, state, location and detail describe the interval */
    public record Interval(What what, TimelineEvent began, long endNanos) {
        public long nanos() {
            return endNanos - began.nanos();
        }
    }

    /** Open intervals at most; past it all open ones are forgotten (coroutines that never resume must not grow this). */
    private static final int MAX_OPEN = 100_000;

    private final Map<Long, TimelineEvent> suspended = new HashMap<>();
    private final Map<Long, TimelineEvent> running = new HashMap<>();
    private final Map<String, TimelineEvent> threadWaits = new HashMap<>();

    /**
     * Feeds one event; returns what it closes: a resume closes a suspension, a suspension or completion
     * closes a run, an unblock closes a thread's wait. A suspension both closes a run and opens a
     * suspension, which the next call's resume closes.
     */
    public Optional<Interval> feed(TimelineEvent event) {
        bound();
        return switch (event.kind()) {
            case RESUMED -> {
                running.put(event.object(), event);
                TimelineEvent left = suspended.remove(event.object());
                yield left != null && left.state() == event.state()
                        ? Optional.of(new Interval(What.SUSPENDED, left, event.nanos())) : Optional.empty();
            }
            case SUSPENDED -> {
                suspended.put(event.object(), event);
                yield closeRun(event);
            }
            case COMPLETED -> closeRun(event);
            case BLOCKED, PARKED, WAITED, SLEPT, PINNED -> {
                if (event.taskId() != null) {
                    threadWaits.put(event.taskId(), event);
                }
                yield Optional.empty();
            }
            case UNBLOCKED -> Optional.ofNullable(event.taskId() == null ? null : threadWaits.remove(event.taskId()))
                    .map(began -> new Interval(What.THREAD_WAIT, began, event.nanos()));
            case CREATED, FUTURE_COMPLETED -> Optional.empty();
        };
    }

    private Optional<Interval> closeRun(TimelineEvent event) {
        TimelineEvent began = running.remove(event.object());
        return Optional.ofNullable(began).map(b -> new Interval(What.RUN, b, event.nanos()));
    }

    private void bound() {
        if (suspended.size() + running.size() + threadWaits.size() > MAX_OPEN) {
            suspended.clear();
            running.clear();
            threadWaits.clear();
        }
    }
}
