package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.ThreadSample;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The reactive chains a thread is inside now: a chain with one of its operators as the receiver of a
 * frame of the runtime's own code is running on that thread, at the innermost such operator. A
 * runtime's blocking wait (block(), blockingGet()) also has the chain's consumer as receiver, and a
 * plain {@code join()} on a future-shaped consumer too: the runtime says which of its frames run operators.
 */
public final class RunningOperators {

    /** Where a chain runs: the thread, and the operator it is inside. */
    public record Running(String thread, ObjectRef operator) {}

    private RunningOperators() {}

    /**
     * @param chainOf  each operator of the live chains, by the id of its chain
     * @param runs     whether a frame's class is the runtime's code that runs an operator
     * @return by chain id
     */
    public static Map<String, Running> of(Map<String, ThreadSample> samples, Map<ObjectRef, String> chainOf, Predicate<String> runs) {
        Map<String, Running> running = new HashMap<>();
        samples.forEach((thread, sample) -> {
            for (StackFrameSample frame : sample.frames()) {
                String chain = frame.thisObject() == null || !runs.test(frame.className()) ? null : chainOf.get(frame.thisObject());
                if (chain != null) {
                    running.putIfAbsent(chain, new Running(thread, frame.thisObject()));
                }
            }
        });
        return running;
    }
}
