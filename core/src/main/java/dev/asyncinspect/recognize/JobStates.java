package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.Map;

/** A kotlinx.coroutines Job's lifecycle state, read from what its {@code _state} field holds. */
final class JobStates {

    private JobStates() {}

    /** kotlinx.coroutines compiles its atomics to {@code name$volatile} fields since 1.7; older ones keep the name. */
    static ObjectRef atomicRef(ObjectFields fields, String name) {
        String compiled = VOLATILE.get(name);
        ObjectRef ref = fields.ref(compiled != null ? compiled : name + "$volatile");
        return ref != null ? ref : fields.ref(name);
    }

    /** Asked once per coroutine: the compiled names of the atomics read are not built anew each time. */
    private static final Map<String, String> VOLATILE = Map.of("_state", "_state$volatile",
            "_parentHandle", "_parentHandle$volatile", "_rootCause", "_rootCause$volatile");

    static String of(HeapView heap, ObjectRef state, ObjectFields stateFields) {
        if (state == null) {
            return "completed";
        }
        String type = state.type().name();
        if (type.equals("kotlinx.coroutines.Empty")) {
            return Boolean.TRUE.equals(stateFields == null ? null : stateFields.primitive("isActive")) ? "active" : "created";
        }
        if (type.equals("kotlinx.coroutines.InactiveNodeList")) {
            return "created";
        }
        if (type.equals("kotlinx.coroutines.JobSupport$Finishing")) {
            return stateFields != null && atomicRef(stateFields, "_rootCause") != null ? "cancelling" : "completing";
        }
        if (type.equals("kotlinx.coroutines.NodeList") || heap.isA(state.type(), "kotlinx.coroutines.JobNode")) {
            return "active";
        }
        if (heap.isA(state.type(), "kotlinx.coroutines.CompletedExceptionally")) {
            return "cancelled";
        }
        return "completed";
    }

    static boolean isFinal(String state) {
        return state.equals("completed") || state.equals("cancelled");
    }
}
