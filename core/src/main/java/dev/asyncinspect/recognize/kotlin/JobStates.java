package dev.asyncinspect.recognize.kotlin;

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

    static CoroutineState of(HeapView heap, ObjectRef state, ObjectFields stateFields) {
        if (state == null) {
            return CoroutineState.COMPLETED;
        }
        String type = state.type().name();
        if (type.equals("kotlinx.coroutines.Empty")) {
            return Boolean.TRUE.equals(stateFields == null ? null : stateFields.primitive("isActive")) ? CoroutineState.ACTIVE : CoroutineState.CREATED;
        }
        if (type.equals("kotlinx.coroutines.InactiveNodeList")) {
            return CoroutineState.CREATED;
        }
        if (type.equals("kotlinx.coroutines.JobSupport$Finishing")) {
            return stateFields != null && atomicRef(stateFields, "_rootCause") != null ? CoroutineState.CANCELLING : CoroutineState.COMPLETING;
        }
        if (type.equals("kotlinx.coroutines.NodeList") || heap.isA(state.type(), "kotlinx.coroutines.JobNode")) {
            return CoroutineState.ACTIVE;
        }
        if (heap.isA(state.type(), "kotlinx.coroutines.CompletedExceptionally")) {
            return CoroutineState.CANCELLED;
        }
        return CoroutineState.COMPLETED;
    }
}
