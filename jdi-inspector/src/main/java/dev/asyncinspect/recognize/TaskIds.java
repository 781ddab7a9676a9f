package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.ObjectRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which heap objects are tasks, so that a value that is a task shows as its task id. */
public final class TaskIds {

    private final Map<ObjectRef, String> ids = new ConcurrentHashMap<>();

    public void assign(ObjectRef object, String id) {
        ids.put(object, id);
    }

    public String taskOf(ObjectRef object) {
        return object == null ? null : ids.get(object);
    }

    public static String futureId(ObjectRef future) {
        return "f" + future.id();
    }
}
