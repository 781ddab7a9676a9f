package dev.asyncinspect.agent;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/** The agent's own threads in the target (the recorder's), left out of what it shows of the app. */
public final class OwnThreads {

    private static final Set<Thread> OWN = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private OwnThreads() {}

    public static void add(Thread thread) {
        OWN.add(thread);
    }

    public static boolean contains(Thread thread) {
        return OWN.contains(thread);
    }

    @SuppressWarnings("deprecation")
    public static boolean containsId(long id) {
        synchronized (OWN) {
            return OWN.stream().anyMatch(t -> t.getId() == id);
        }
    }
}
