package dev.asyncinspect.heap;

import java.util.List;

/**
 * One frame of a thread's stack.
 *
 * @param thisObject the frame's receiver, or null for static and native frames
 * @param locals     visible local variables, where the class files carry their names
 * @param rawSlot    the value of the local slot a {@link StackRequest} asked for by number, or null
 */
public record StackFrameSample(String className, String method, String file, int line,
                               ObjectRef thisObject, List<Local> locals, HeapValue rawSlot) {

    public record Local(String name, String type, HeapValue value) {}

    public String function() {
        return className + "." + method;
    }
}
