package dev.asyncinspect.recognize.kotlin;

import java.util.Map;

/**
 * The runtime's Continuations that pass a result on unchanged to one field: the way from a state
 * machine to its caller through them, for whoever walks completion chains (snapshots, the recorder).
 */
public final class RelayFields {

    /** The coroutine debug agent wraps every coroutine's completion in one of these. */
    static final String DEBUG_OWNER = "kotlinx.coroutines.debug.internal.DebugProbesImpl$CoroutineOwner";

    private static final Map<String, String> FIELDS = Map.of(
            DEBUG_OWNER, "delegate",
            "kotlin.coroutines.SafeContinuation", "delegate",
            "kotlinx.coroutines.internal.DispatchedContinuation", "continuation");

    private RelayFields() {}

    /** The field this relay class passes results on to, or null when it is none of the runtime's relays. */
    public static String of(String className) {
        return FIELDS.get(className);
    }
}
