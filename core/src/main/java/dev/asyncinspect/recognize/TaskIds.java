package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.ObjectRef;
import java.util.HashMap;
import java.util.Map;

/** Which heap objects are tasks, so that a value that is a task shows as its task id. */
public final class TaskIds {

    private final Map<ObjectRef, String> ids = new HashMap<>();
    private final Map<ObjectRef, Long> numbers = new HashMap<>();

    /** The numbers of task objects' ids, from the heap view ({@link dev.asyncinspect.heap.HeapView#taskNumbers}). */
    public void numbered(Map<ObjectRef, Long> taskNumbers) {
        numbers.putAll(taskNumbers);
    }

    public String futureIdOf(ObjectRef future) {
        return futureId(numbers.getOrDefault(future, future.id()));
    }

    /** A reactive pipeline is named by its subscriber, the one object that lives as long as the subscription. */
    public String pipelineIdOf(ObjectRef subscriber) {
        return pipelineId(numbers.getOrDefault(subscriber, subscriber.id()));
    }

    public String coroutineIdOf(ObjectRef coroutine) {
        return coroutineId(numbers.getOrDefault(coroutine, coroutine.id()));
    }

    public void assign(ObjectRef object, String id) {
        ids.put(object, id);
    }

    public String taskOf(ObjectRef object) {
        return object == null ? null : ids.get(object);
    }

    // One naming scheme, used by the recognizers and by whatever must find their tasks again (a stop).

    public static String futureId(long objectId) {
        return "f" + objectId;
    }

    public static String coroutineId(long objectId) {
        return "c" + objectId;
    }

    public static String pipelineId(long objectId) {
        return "r" + objectId;
    }

    public static boolean isCoroutine(String id) {
        return id.startsWith("c");
    }

    public static boolean isVirtualThread(String id) {
        return id.startsWith("v");
    }

    /** A thread by its {@code Thread.tid}: {@code t1}, or {@code v42} for a virtual thread. */
    public static String threadId(boolean virtual, long tid) {
        return (virtual ? "v" : "t") + tid;
    }
}
