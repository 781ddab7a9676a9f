package dev.asyncinspect.agent.record;

import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.TaskState.Phase;
import dev.asyncinspect.recognize.TaskIds;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Since when each platform thread has been in its state, from a look once a second at its state and
 * its counts of waits and blocks (kept by the JVM at no cost): while they stay the same, the thread
 * has not left that state. A change is placed at the look that saw it, so each time is a lower bound.
 */
final class ThreadSampler {

    private record Seen(Thread.State state, long waited, long blocked, long since, boolean sinceStart) {}

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Seen> seen = new HashMap<>();
    private boolean first = true;

    synchronized void look() {
        long now = System.nanoTime();
        Map<Long, Seen> next = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info == null) {
                continue;
            }
            Seen before = seen.get(info.getThreadId());
            boolean same = before != null && before.state == info.getThreadState() && before.waited == info.getWaitedCount()
                    && before.blocked == info.getBlockedCount();
            next.put(info.getThreadId(), same ? before
                    : new Seen(info.getThreadState(), info.getWaitedCount(), info.getBlockedCount(), now, first));
        }
        seen.clear();
        seen.putAll(next);
        first = false;
    }

    synchronized List<Recording.ThreadSince> since() {
        List<Recording.ThreadSince> found = new ArrayList<>();
        seen.forEach((id, state) -> found.add(new Recording.ThreadSince(TaskIds.threadId(false, id), phase(state.state),
                state.since, state.sinceStart)));
        return found;
    }

    private static Phase phase(Thread.State state) {
        return switch (state) {
            case NEW -> Phase.NEW;
            case RUNNABLE -> Phase.RUNNING;
            case TERMINATED -> Phase.DONE;
            default -> Phase.WAITING;
        };
    }
}
