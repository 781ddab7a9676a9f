package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many tasks one snapshot reads at most, shared by every recognizer: what a source inside the target (the
 * agent) allocates grows with the tasks it reads, so it stops where the target's heap says, and the snapshot says
 * what it left unread rather than showing fewer tasks as if they were all.
 */
public final class TaskBudget {

    /** No bound: a source outside the target (JDWP, a heap dump) spends only the tool's memory. */
    public static final TaskBudget UNBOUNDED = new TaskBudget(Long.MAX_VALUE, null);

    private final long limit;
    private final String why;
    private long admitted;
    private final Map<String, long[]> unread = new LinkedHashMap<>();

    /** @param why what set the bound, for the gap ("a task per 4 KB of the target's 812 MB of free heap") */
    public TaskBudget(long limit, String why) {
        this.limit = limit;
        this.why = why;
    }

    /** A fresh budget of the same bound, for one snapshot. */
    public TaskBudget fresh() {
        return limit == Long.MAX_VALUE ? UNBOUNDED : new TaskBudget(limit, why);
    }

    /**
     * The roots of tasks (one object each) a recognizer may go on to read: all of them while the budget lasts, then
     * the first that fit; the rest are counted under {@code what}.
     */
    public List<ObjectRef> admit(String what, List<ObjectRef> roots) {
        long room = Math.max(0, limit - admitted);
        if (roots.size() <= room) {
            admitted += roots.size();
            return roots;
        }
        admitted = limit;
        long[] counts = unread.computeIfAbsent(what, w -> new long[2]);
        counts[0] += roots.size() - room;
        counts[1] += roots.size();
        return List.copyOf(roots.subList(0, (int) room));
    }

    /** One line per kind of root left unread. */
    public List<String> gaps() {
        List<String> gaps = new ArrayList<>();
        unread.forEach((what, counts) -> gaps.add(String.format(
                "budget: %,d of %,d %s not read: a snapshot reads at most %,d (%s); dump --max-tasks changes it",
                counts[0], counts[1], what, limit, why)));
        return gaps;
    }
}
