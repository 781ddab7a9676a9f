package dev.asyncinspect.serve.live;

import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.TimelineEvent;
import java.util.List;

/**
 * The events of one target's recording that a consumer has not seen yet. Each look carries the
 * recording so far; a consumer that counts or exports events takes only what came after its last look.
 */
public final class NewEvents {

    private long startedNanos;
    private long seenUpTo = Long.MIN_VALUE;

    /** The events newer than those of the previous call; all of them when a new recording began. */
    public List<TimelineEvent> of(Recording recording) {
        if (recording.startedNanos() != startedNanos) {
            startedNanos = recording.startedNanos();
            seenUpTo = Long.MIN_VALUE;
        }
        List<TimelineEvent> events = recording.events();
        int first = events.size();
        while (first > 0 && events.get(first - 1).nanos() > seenUpTo) {
            first--;
        }
        if (!events.isEmpty()) {
            seenUpTo = Math.max(seenUpTo, events.get(events.size() - 1).nanos());
        }
        return events.subList(first, events.size());
    }
}
