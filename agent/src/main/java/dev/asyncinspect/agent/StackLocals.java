package dev.asyncinspect.agent;

import dev.asyncinspect.agent.jvmti.Jvmti;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What threads' frames held, from one JVMTI heap walk: the objects in their local variable slots,
 * as the walk reports them for stack roots, and the monitors among them that each thread owns or
 * waits for. A late agent cannot read locals directly, and primitives are never roots, so only
 * object locals are known.
 */
final class StackLocals {

    private final OfThread[] byThread;

    private StackLocals(OfThread[] byThread) {
        this.byThread = byThread;
    }

    static StackLocals of(Thread[] threads) {
        Object[] found = Jvmti.stackLocalObjects(threads);
        int[] thread = (int[]) found[0];
        int[] depth = (int[]) found[1];
        int[] slot = (int[]) found[2];
        Object[] value = (Object[]) found[3];
        Object[][] owned = (Object[][]) found[4];
        Object[] contended = (Object[]) found[5];
        OfThread[] byThread = new OfThread[threads.length];
        for (int t = 0; t < threads.length; t++) {
            byThread[t] = new OfThread(new HashMap<>(), List.of(owned[t]), contended[t]);
        }
        for (int i = 0; i < value.length; i++) {
            byThread[thread[i]].slots().computeIfAbsent(depth[i], d -> new HashMap<>()).put(slot[i], value[i]);
        }
        return new StackLocals(byThread);
    }

    OfThread ofThread(int index) {
        return byThread[index];
    }

    /**
     * @param owned     the monitors the thread owned, checked after the walk; null when unknown
     * @param contended the monitor it was blocked entering or waited on, or null
     */
    record OfThread(Map<Integer, Map<Integer, Object>> slots, List<Object> owned, Object contended) {

        /** Nothing known: no walk of the thread succeeded. */
        static final OfThread UNKNOWN = new OfThread(Map.of(), null, null);

        Map<Integer, Object> atDepth(int depth) {
            return slots.getOrDefault(depth, Map.of());
        }

        /** Its monitors without its slots, for a thread that moved since the walk: monitors are checked live, slots are not. */
        OfThread monitorsOnly() {
            return new OfThread(Map.of(), owned, contended);
        }
    }
}
