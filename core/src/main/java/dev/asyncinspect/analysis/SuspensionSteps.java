package dev.asyncinspect.analysis;

import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.TimelineEvent.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded coroutine's way through its state machines: for each suspension point it reached, how
 * often and how long it waited there, and the one it waits at now (since when), with its resume count.
 */
public final class SuspensionSteps {

    /**
     * @param function  the state machine's function
     * @param state     the suspension point (1-based)
     * @param passed    how often it waited there and was resumed
     * @param waitedNanos the total of those waits
     * @param waitingSince when it began to wait there now, or -1 when it does not
     */
    public record Step(String function, int state, String location, int passed, long waitedNanos, long waitingSince) {
        public boolean waitingNow() {
            return waitingSince >= 0;
        }
    }

    public record Steps(String taskId, int resumes, List<Step> steps) {}

    private SuspensionSteps() {}

    public static Steps of(String taskId, List<TimelineEvent> events) {
        Map<String, long[]> figures = new LinkedHashMap<>();    // passed, waited nanos, waiting since
        Map<String, TimelineEvent> samples = new HashMap<>();
        Map<Long, TimelineEvent> suspendedAt = new HashMap<>();
        int resumes = 0;
        for (TimelineEvent event : events) {
            if (!taskId.equalsIgnoreCase(event.taskId())) {
                continue;
            }
            if (event.kind() == Kind.SUSPENDED) {
                String key = key(event);
                samples.putIfAbsent(key, event);
                figures.computeIfAbsent(key, k -> new long[] {0, 0, -1})[2] = event.nanos();
                suspendedAt.put(event.object(), event);
            } else if (event.kind() == Kind.RESUMED) {
                resumes++;
                TimelineEvent began = suspendedAt.remove(event.object());
                if (began != null && began.state() == event.state()) {
                    long[] figure = figures.get(key(began));
                    figure[0]++;
                    figure[1] += event.nanos() - began.nanos();
                    figure[2] = -1;
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        figures.forEach((key, figure) -> {
            TimelineEvent at = samples.get(key);
            steps.add(new Step(at.function(), at.state(), at.location(), (int) figure[0], figure[1], figure[2]));
        });
        return new Steps(taskId, resumes, steps);
    }

    private static String key(TimelineEvent event) {
        return event.function() + "#" + event.state();
    }
}
