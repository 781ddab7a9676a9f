package dev.asyncinspect.agent;

import dev.asyncinspect.agent.jvmti.Jvmti;
import java.util.HashMap;
import java.util.Map;

/**
 * The objects held in threads' local variable slots, as the JVMTI heap walk reports them for
 * stack roots. A late agent cannot read locals directly, and primitives are never roots, so only
 * object locals are known.
 */
final class StackLocals {

    private final Map<Integer, OfThread> byThread;

    private StackLocals(Map<Integer, OfThread> byThread) {
        this.byThread = byThread;
    }

    static StackLocals of(Thread[] threads) {
        Object[] found = Jvmti.stackLocalObjects(threads);
        int[] thread = (int[]) found[0];
        int[] depth = (int[]) found[1];
        int[] slot = (int[]) found[2];
        Object[] value = (Object[]) found[3];
        Map<Integer, OfThread> byThread = new HashMap<>();
        for (int i = 0; i < value.length; i++) {
            byThread.computeIfAbsent(thread[i], t -> new OfThread(new HashMap<>()))
                    .slots.computeIfAbsent(depth[i], d -> new HashMap<>()).put(slot[i], value[i]);
        }
        return new StackLocals(byThread);
    }

    OfThread ofThread(int index) {
        return byThread.getOrDefault(index, new OfThread(Map.of()));
    }

    record OfThread(Map<Integer, Map<Integer, Object>> slots) {
        Map<Integer, Object> atDepth(int depth) {
            return slots.getOrDefault(depth, Map.of());
        }
    }
}
