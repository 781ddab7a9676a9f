package dev.asyncinspect.recognize.kotlin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.recognize.InMemoryHeap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who called whom, through the Continuations runtimes and users put between state machines. */
class CompletionChainsTest {

    private static final String CONTINUATION = "kotlin.coroutines.Continuation";

    private InMemoryHeap heap;
    private HeapClass machine;
    private ObjectRef coroutine;
    private ObjectRef context;
    private final Map<ObjectRef, ObjectFields> coroutines = new LinkedHashMap<>();
    private final Map<ObjectRef, ObjectFields> continuations = new LinkedHashMap<>();

    @BeforeEach
    void aCoroutine() {
        heap = new InMemoryHeap();
        machine = heap.type("shop.Orders$load$1", StateMachineLayout.BASE_CONTINUATION, CONTINUATION);
        context = heap.object(heap.type("kotlin.coroutines.CombinedContext"));
        coroutine = heap.object(heap.type("kotlinx.coroutines.StandaloneCoroutine", CONTINUATION));
        heap.set(coroutine, "context", context);
    }

    private ObjectRef stateMachine(HeapValue completion) {
        ObjectRef continuation = heap.object(machine);
        heap.set(continuation, "completion", completion).set(continuation, "_context", context);
        return continuation;
    }

    private CompletionChains chains() {
        coroutines.put(coroutine, heap.fieldsOf(coroutine));
        heap.instances(List.of(machine)).forEach(c -> continuations.put(c, heap.fieldsOf(c)));
        return new CompletionChains(heap, coroutines, continuations);
    }

    private static List<ObjectRef> refs(List<ObjectFields> fields) {
        return fields.stream().map(ObjectFields::object).toList();
    }

    @Test
    void theCompilersOwnChain() {
        ObjectRef outer = stateMachine(coroutine);
        ObjectRef inner = stateMachine(outer);
        CompletionChains chains = chains();
        assertThat(refs(chains.calleesOf(coroutine))).containsExactly(outer);
        assertThat(refs(chains.calleesOf(outer))).containsExactly(inner);
        assertThat(chains.passage(inner)).isNull();
    }

    @Test
    void theDebugAgentsOwnerLeadsToItsCoroutineAndItsRecord() {
        ObjectRef owner = heap.object(heap.type(CompletionChains.DEBUG_OWNER, CONTINUATION));
        ObjectRef info = heap.object(heap.type("kotlinx.coroutines.debug.internal.DebugCoroutineInfoImpl"));
        heap.set(owner, "delegate", coroutine).set(owner, "info", info);
        ObjectRef top = stateMachine(owner);
        CompletionChains chains = chains();
        assertThat(refs(chains.calleesOf(coroutine))).containsExactly(top);
        assertThat(chains.probeInfo(coroutine)).isEqualTo(info);
        assertThat(chains.passage(top)).isNull();      // the agent's wrapper is no frame of the user's
    }

    @Test
    void aHandWrittenRelayIsFollowedAndShown() {
        ObjectRef caller = stateMachine(coroutine);
        ObjectRef relay = heap.object(heap.type("shop.Audited", CONTINUATION));
        heap.set(relay, "next", caller).set(relay, "attempts", new HeapValue.Primitive(2));
        ObjectRef callee = stateMachine(relay);
        CompletionChains chains = chains();
        assertThat(refs(chains.calleesOf(caller))).containsExactly(callee);
        assertThat(chains.passage(callee).followed()).isTrue();
        assertThat(chains.passage(callee).relays()).containsExactly(relay);
    }

    @Test
    void aRelayThatKeepsItsCallerInAListIsPlacedByContext() {
        ObjectRef caller = stateMachine(coroutine);
        ObjectRef list = heap.object(heap.type("java.util.ArrayList"));
        ObjectRef relay = heap.object(heap.type("shop.Parked", CONTINUATION));
        heap.set(relay, "waiting", list);
        ObjectRef callee = stateMachine(relay);
        CompletionChains chains = chains();
        assertThat(refs(chains.calleesOf(caller))).isEmpty();
        assertThat(refs(chains.placedByContext(coroutine))).containsExactly(callee);
        assertThat(chains.passage(callee).followed()).isFalse();
        assertThat(chains.unplaced()).isEmpty();
    }

    @Test
    void twoContinuationFieldsAreNoRelayAndASequenceIsNoCoroutine() {
        ObjectRef first = stateMachine(coroutine);
        ObjectRef fork = heap.object(heap.type("shop.Fork", CONTINUATION));
        heap.set(fork, "left", first).set(fork, "right", coroutine);
        ObjectRef callee = stateMachine(fork);
        heap.set(callee, "_context", heap.object(heap.type("kotlin.coroutines.EmptyCoroutineContext")));
        ObjectRef iterator = heap.object(heap.type("kotlin.sequences.SequenceBuilderIterator", CONTINUATION));
        ObjectRef step = stateMachine(iterator);
        heap.set(iterator, "nextStep", step);     // its own next step, a callee: never taken for its caller
        heap.set(step, "_context", HeapValue.NULL);
        CompletionChains chains = chains();
        assertThat(refs(chains.calleesOf(first))).isEmpty();
        assertThat(refs(chains.placedByContext(coroutine))).isEmpty();
        assertThat(chains.unplaced()).containsOnlyKeys("shop.Fork");
    }

    @Test
    void ktorsPipelineStackOrdersItsInterceptors() {
        HeapClass dispatched = heap.type("kotlinx.coroutines.internal.DispatchedContinuation", CONTINUATION);
        ObjectRef execute = stateMachine(coroutine);            // called gun.execute(): suspensions[0]
        ObjectRef gun = heap.object(heap.type("io.ktor.util.pipeline.SuspendFunctionGun"));
        ObjectRef gunContinuation = heap.object(heap.type("io.ktor.util.pipeline.SuspendFunctionGun$continuation$1", CONTINUATION));
        heap.set(gunContinuation, "this$0", gun);
        ObjectRef routing = stateMachine(gunContinuation);       // called proceed(): suspensions[1]
        ObjectRef handler = stateMachine(gunContinuation);       // the interceptor running now
        ObjectRef handlerCallee = stateMachine(handler);
        ObjectRef first = heap.object(dispatched);
        heap.set(first, "continuation", execute);
        ObjectRef second = heap.object(dispatched);
        heap.set(second, "continuation", routing);
        heap.set(gun, "suspensions", heap.array(heap.type("kotlin.coroutines.Continuation[]"), first, second, HeapValue.NULL))
                .set(gun, "lastSuspensionIndex", new HeapValue.Primitive(1));
        CompletionChains chains = chains();
        assertThat(refs(chains.calleesOf(execute))).containsExactly(routing);
        assertThat(refs(chains.calleesOf(routing))).containsExactly(handler);
        assertThat(refs(chains.calleesOf(handler))).containsExactly(handlerCallee);
        assertThat(chains.placedByContext(coroutine)).isEmpty();
    }
}
