package dev.asyncinspect.recognize.kotlin;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who called whom in suspend code: each state machine's caller, the next outer state machine or its
 * coroutine. The compiler's {@code completion} field says so directly only between standard
 * continuations; runtimes put their own {@code Continuation}s in between (the coroutine debug agent's
 * owner, Ktor's pipeline, flow collectors, hand-written relays), and those are followed here by what
 * each holds. A chain that passes through something not understood is placed under its coroutine by
 * the context it was created in, and says so.
 */
final class CompletionChains {

    private static final String CONTINUATION = "kotlin.coroutines.Continuation";
    static final String DEBUG_OWNER = RelayFields.DEBUG_OWNER;
    private static final String SAFE_COLLECTOR = "kotlinx.coroutines.flow.internal.SafeCollector";
    private static final String KTOR_GUN_CONTINUATION = "io.ktor.util.pipeline.SuspendFunctionGun$continuation$1";
    private static final int MAX_RELAYS = 8;

    /** How a state machine reaches its caller when not directly: the objects passed on the way, outermost last. */
    record Passage(List<ObjectRef> relays, boolean followed) {}

    private final HeapView heap;
    private final Map<ObjectRef, ObjectFields> coroutines;
    private final Map<ObjectRef, ObjectFields> continuations;
    private final Map<ObjectRef, List<ObjectFields>> calleesOf = new HashMap<>();
    private final Map<ObjectRef, Passage> passages = new HashMap<>();
    private final Map<String, Integer> unplaced = new TreeMap<>();
    /** Chains placed under a coroutine by their context only, by coroutine: their outermost state machines. */
    private final Map<ObjectRef, List<ObjectFields>> placedByContext = new HashMap<>();
    /** The debug agent's record of each coroutine it owns. */
    private final Map<ObjectRef, ObjectRef> probeInfos = new HashMap<>();

    CompletionChains(HeapView heap, Map<ObjectRef, ObjectFields> coroutines, Map<ObjectRef, ObjectFields> continuations) {
        this.heap = heap;
        this.coroutines = coroutines;
        this.continuations = continuations;
        link();
    }

    /** The state machines this one (a coroutine or a state machine) called, nearly always one. */
    List<ObjectFields> calleesOf(ObjectRef caller) {
        return calleesOf.getOrDefault(caller, List.of());
    }

    /** How this state machine reaches its caller, or null when its completion is the caller. */
    Passage passage(ObjectRef continuation) {
        return passages.get(continuation);
    }

    /** Outermost state machines of chains placed under this coroutine by their context alone. */
    List<ObjectFields> placedByContext(ObjectRef coroutine) {
        return placedByContext.getOrDefault(coroutine, List.of());
    }

    /** The debug agent's {@code DebugCoroutineInfoImpl} of this coroutine, or null without the agent. */
    ObjectRef probeInfo(ObjectRef coroutine) {
        return probeInfos.get(coroutine);
    }

    private boolean known(ObjectRef ref) {
        return coroutines.containsKey(ref) || continuations.containsKey(ref);
    }

    private void link() {
        Map<ObjectRef, List<ObjectFields>> byRelay = new LinkedHashMap<>();
        for (ObjectFields continuation : continuations.values()) {
            ObjectRef caller = directCaller(continuation);
            if (known(caller)) {
                addCallee(caller, continuation);
            } else if (caller != null) {
                byRelay.computeIfAbsent(caller, r -> new ArrayList<>(1)).add(continuation);
            }
        }
        if (byRelay.isEmpty()) {
            return;
        }
        Map<ObjectRef, ObjectFields> relays = new HashMap<>(heap.fields(byRelay.keySet()));
        ktorPipelines(byRelay, relays);
        Map<ObjectRef, ObjectRef> nextOf = relayTargets(byRelay.keySet(), relays);
        for (Map.Entry<ObjectRef, List<ObjectFields>> entry : byRelay.entrySet()) {
            List<ObjectRef> passed = new ArrayList<>();
            ObjectRef at = entry.getKey();
            while (at != null && !known(at) && passed.size() < MAX_RELAYS) {
                passed.add(at);
                ObjectRef next = nextOf.get(at);
                if (next != null && at.type().name().equals(DEBUG_OWNER) && coroutines.containsKey(next)) {
                    probeInfos.put(next, relays.get(at).ref("info"));
                }
                at = next;
            }
            for (ObjectFields callee : entry.getValue()) {
                if (known(at)) {
                    addCallee(at, callee);
                    List<ObjectRef> shown = passed.stream().filter(r -> RelayFields.of(r.type().name()) == null).toList();
                    if (!shown.isEmpty()) {
                        passages.put(callee.object(), new Passage(shown, true));
                    }
                } else {
                    placeByContext(callee, passed);
                }
            }
        }
    }

    /** Where each relay passes its result, relays of relays read a level at a time. */
    private Map<ObjectRef, ObjectRef> relayTargets(Set<ObjectRef> first, Map<ObjectRef, ObjectFields> relays) {
        Map<ObjectRef, ObjectRef> nextOf = new HashMap<>();
        List<ObjectRef> level = List.copyOf(first);
        for (int depth = 0; depth < MAX_RELAYS && !level.isEmpty(); depth++) {
            relays.putAll(heap.fields(level.stream().filter(r -> !relays.containsKey(r)).toList()));
            List<ObjectRef> next = new ArrayList<>();
            for (ObjectRef relay : level) {
                ObjectFields fields = relays.get(relay);
                ObjectRef target = fields == null ? null : relayedTo(fields);
                if (target != null) {
                    nextOf.put(relay, target);
                    if (!known(target) && !nextOf.containsKey(target)) {
                        next.add(target);
                    }
                }
            }
            level = next.stream().distinct().toList();
        }
        return nextOf;
    }

    /**
     * A flow's collector is resumed through the SafeCollector it emitted into, which keeps the emitter in
     * {@code completion_} while an emit is under way (and nothing, its completion a no-op, between emits).
     */
    private static ObjectRef directCaller(ObjectFields continuation) {
        if (continuation.object().type().name().equals(SAFE_COLLECTOR)) {
            return continuation.ref("completion_");
        }
        return continuation.ref(StateMachineLayout.COMPLETION);
    }

    /** Flow machinery that is a continuation but no frame of the user's. */
    static boolean isMachinery(ObjectRef continuation) {
        return continuation.type().name().equals(SAFE_COLLECTOR);
    }

    private void addCallee(ObjectRef caller, ObjectFields callee) {
        calleesOf.computeIfAbsent(caller, c -> new ArrayList<>(1)).add(callee);
    }

    /**
     * The one continuation a relay passes its result on to: a known relay's field, else the one field
     * of a hand-written {@code Continuation} that holds a continuation (and not one of its own callees).
     */
    private ObjectRef relayedTo(ObjectFields relay) {
        String field = RelayFields.of(relay.object().type().name());
        if (field != null) {
            return relay.ref(field);
        }
        if (!heap.isA(relay.object().type(), CONTINUATION)) {
            return null;
        }
        ObjectRef only = null;
        for (HeapValue value : relay.values().values()) {
            ObjectRef ref = value.asObject();
            if (ref == null || ref.equals(relay.object()) || !(known(ref) || heap.isA(ref.type(), CONTINUATION))) {
                continue;
            }
            if (isBelow(ref, relay.object())) {
                continue;      // e.g. a sequence's iterator holds its own next step
            }
            if (only != null && !only.equals(ref)) {
                return null;
            }
            only = ref;
        }
        return only;
    }

    /** Whether this continuation's own chain of completions reaches {@code relay}: then it is a callee, not the caller. */
    private boolean isBelow(ObjectRef continuation, ObjectRef relay) {
        return continuation.equals(relay) || topBelow(continuation, relay) != null;
    }

    /**
     * Ktor runs a pipeline's interceptors with one continuation of its own as their completion, and keeps
     * the callers in a stack ({@code suspensions}, up to {@code lastSuspensionIndex}): each interceptor that
     * called {@code proceed()} waits there, and the running interceptor's caller is the last of them.
     */
    private void ktorPipelines(Map<ObjectRef, List<ObjectFields>> byRelay, Map<ObjectRef, ObjectFields> relays) {
        List<ObjectRef> gunContinuations = byRelay.keySet().stream()
                .filter(r -> r.type().name().equals(KTOR_GUN_CONTINUATION)).toList();
        if (gunContinuations.isEmpty()) {
            return;
        }
        Map<ObjectRef, ObjectFields> guns = heap.fields(gunContinuations.stream().map(c -> relays.get(c))
                .filter(f -> f != null && f.ref("this$0") != null).map(f -> f.ref("this$0")).distinct().toList());
        Map<ObjectRef, ArrayContents> stacks = heap.arrays(guns.values().stream().map(g -> g.ref("suspensions"))
                .filter(s -> s != null).toList(), Integer.MAX_VALUE);
        // Ktor keeps the callers intercepted (a DispatchedContinuation each): unwrapped to their state machines.
        Set<ObjectRef> kept = new HashSet<>();
        stacks.values().forEach(s -> s.first().forEach(v -> {
            if (v.asObject() != null && !known(v.asObject())) {
                kept.add(v.asObject());
            }
        }));
        Map<ObjectRef, ObjectRef> nextOf = relayTargets(kept, relays);
        for (ObjectRef gunContinuation : gunContinuations) {
            ObjectFields gun = guns.get(relays.get(gunContinuation).ref("this$0"));
            ArrayContents stack = gun == null ? null : stacks.get(gun.ref("suspensions"));
            int last = gun == null ? -1 : gun.intValue("lastSuspensionIndex", -1);
            if (stack == null || last < 0 || last >= stack.first().size()) {
                continue;
            }
            // the interceptor whose chain holds suspensions[k] (k ≥ 1) was called by suspensions[k - 1]
            Map<ObjectRef, ObjectRef> callerOfTop = new HashMap<>();
            List<ObjectRef> callers = new ArrayList<>();
            stack.first().forEach(v -> callers.add(unwrapped(v.asObject(), nextOf)));
            for (int k = 1; k <= last; k++) {
                ObjectRef top = topBelow(callers.get(k), gunContinuation);
                ObjectRef caller = callers.get(k - 1);
                if (top != null && caller != null) {
                    callerOfTop.put(top, caller);
                }
            }
            ObjectRef current = callers.get(last);
            List<ObjectFields> unplaced = new ArrayList<>();
            for (ObjectFields interceptor : byRelay.get(gunContinuation)) {
                ObjectRef caller = callerOfTop.getOrDefault(interceptor.object(), current);
                if (caller != null && known(caller)) {
                    addCallee(caller, interceptor);
                } else {
                    unplaced.add(interceptor);
                }
            }
            if (unplaced.isEmpty()) {
                byRelay.remove(gunContinuation);
            } else {
                byRelay.put(gunContinuation, unplaced);
            }
        }
    }

    private ObjectRef unwrapped(ObjectRef continuation, Map<ObjectRef, ObjectRef> nextOf) {
        ObjectRef at = continuation;
        for (int depth = 0; depth < MAX_RELAYS && at != null && !known(at); depth++) {
            at = nextOf.get(at);
        }
        return at;
    }

    /** The outermost state machine of this continuation's chain, the one whose completion is {@code relay}. */
    private ObjectRef topBelow(ObjectRef continuation, ObjectRef relay) {
        ObjectRef at = continuation;
        for (int depth = 0; depth < 512 && at != null; depth++) {
            ObjectFields fields = continuations.get(at);
            ObjectRef caller = fields == null ? null : directCaller(fields);
            if (relay.equals(caller)) {
                return at;
            }
            at = caller;
        }
        return null;
    }

    /**
     * A state machine keeps the context it was created in, the same object as its coroutine's own
     * context wherever no withContext came between: that places a chain whose relays are not understood.
     */
    private void placeByContext(ObjectFields callee, List<ObjectRef> passed) {
        ObjectRef context = callee.ref("_context");
        ObjectRef coroutine = context == null ? null : coroutineByContext().get(context);
        if (coroutine != null) {
            placedByContext.computeIfAbsent(coroutine, c -> new ArrayList<>(1)).add(callee);
            passages.put(callee.object(), new Passage(passed, false));
        } else if (!passed.isEmpty() && !passed.get(0).type().name().startsWith("kotlin.sequences.")) {
            unplaced.merge(passed.get(passed.size() - 1).type().name(), 1, Integer::sum);      // a sequence's steps are no coroutine's
        }
    }

    /** State machines under a Continuation not understood whose context names no one coroutine, by that Continuation's class. */
    Map<String, Integer> unplaced() {
        return unplaced;
    }

    private Map<ObjectRef, ObjectRef> byContext;

    private Map<ObjectRef, ObjectRef> coroutineByContext() {
        if (byContext == null) {
            byContext = new HashMap<>();
            Set<ObjectRef> shared = new HashSet<>();
            coroutines.values().forEach(c -> {
                ObjectRef context = c.ref("context");
                if (context != null && byContext.putIfAbsent(context, c.object()) != null) {
                    shared.add(context);
                }
            });
            shared.forEach(byContext::remove);      // a context two coroutines share places nothing
        }
        return byContext;
    }
}
