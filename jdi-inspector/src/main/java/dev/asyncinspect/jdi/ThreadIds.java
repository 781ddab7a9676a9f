package dev.asyncinspect.jdi;

import com.sun.jdi.ClassType;
import com.sun.jdi.LongValue;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import dev.asyncinspect.recognize.TaskIds;

/** The task id the recognizers give a thread, found again from a JDI event's thread. */
final class ThreadIds {

    private ThreadIds() {}

    /** {@code t<tid>}, or {@code v<tid>} for a virtual thread; null when the thread has no {@code tid}. */
    static String of(ThreadReference thread) {
        for (ReferenceType type = thread.referenceType(); type instanceof ClassType c; type = c.superclass()) {
            var tid = c.fieldByName("tid");
            if (tid != null && !tid.isStatic()) {
                boolean virtual = thread.referenceType().name().startsWith("java.lang.VirtualThread");
                return TaskIds.threadId(virtual, ((LongValue) thread.getValue(tid)).value());
            }
        }
        return null;
    }
}
