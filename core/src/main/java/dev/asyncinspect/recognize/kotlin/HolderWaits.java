package dev.asyncinspect.recognize.kotlin;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.recognize.TaskIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Waits whose resumer is held by a flow, a Reactive Streams subscriber or a Ktor byte channel or
 * socket selector: each keeps the suspended coroutine's CancellableContinuation in a field of its
 * own, read forwards from the holder.
 */
final class HolderWaits {

    private static final String SHARED_FLOW = "kotlinx.coroutines.flow.SharedFlowImpl";
    private static final String STATE_FLOW = "kotlinx.coroutines.flow.StateFlowImpl";
    private static final String AWAIT_SUBSCRIBER = "kotlinx.coroutines.reactive.AwaitKt$awaitOne$2$1";
    private static final String AS_FLOW_SUBSCRIBER = "kotlinx.coroutines.reactive.ReactiveSubscriber";
    private static final String BYTE_CHANNEL = "io.ktor.utils.io.ByteChannel";
    private static final String SELECTOR_INTERESTS = "io.ktor.network.selector.InterestSuspensionsMap";
    private static final List<String> INTERESTS = List.of("read", "write", "connect", "accept");

    private final HeapView heap;
    private final TaskIds ids;
    private final Map<ObjectRef, ObjectRef> continuationOf;
    private final Map<ObjectRef, WaitEdge> byContinuation;
    private final Map<ObjectRef, String> pipelines;

    static List<HeapClass> enumerated(HeapView heap) {
        List<HeapClass> classes = flowClasses(heap);
        for (String name : List.of(AWAIT_SUBSCRIBER, AS_FLOW_SUBSCRIBER, BYTE_CHANNEL, SELECTOR_INTERESTS)) {
            classes.addAll(heap.classesNamed(name));
        }
        return classes;
    }

    /**
     * @param continuationOf the user continuation each CancellableContinuationImpl resumes
     * @param byContinuation where the edges found go, by that user continuation
     * @param pipelines      the reactive pipeline each Reactive Streams subscriber consumes, by the subscriber
     */
    HolderWaits(HeapView heap, TaskIds ids, Map<ObjectRef, ObjectRef> continuationOf, Map<ObjectRef, WaitEdge> byContinuation,
                Map<ObjectRef, String> pipelines) {
        this.heap = heap;
        this.pipelines = pipelines;
        this.ids = ids;
        this.continuationOf = continuationOf;
        this.byContinuation = byContinuation;
    }

    void find() {
        flows();
        publishers();
        byteChannels();
        selectors();
    }

    /** A collector of a SharedFlow or StateFlow waits in its slot of the flow for the next value. */
    private void flows() {
        Map<ObjectRef, ObjectFields> flows = heap.fields(heap.instances(flowClasses(heap)));
        Map<ObjectRef, ArrayContents> slotArrays = heap.arrays(flows.values().stream().map(f -> f.ref("slots"))
                .filter(s -> s != null).toList(), Integer.MAX_VALUE);
        Map<ObjectRef, ObjectRef> flowOfSlot = new HashMap<>();
        for (ObjectFields flow : flows.values()) {
            ArrayContents slots = flow.ref("slots") == null ? null : slotArrays.get(flow.ref("slots"));
            if (slots != null) {
                slots.first().forEach(s -> {
                    if (s.asObject() != null) {
                        flowOfSlot.put(s.asObject(), flow.object());
                    }
                });
            }
        }
        Map<ObjectRef, ObjectFields> slots = heap.fields(flowOfSlot.keySet());
        // a StateFlow slot keeps its waiter in an AtomicReference
        Map<ObjectRef, ObjectFields> atomics = heap.fields(slots.values().stream().map(s -> s.ref("_state"))
                .filter(a -> a != null).toList());
        slots.values().forEach(slot -> {
            ObjectRef waiter = slot.ref("cont");
            if (waiter == null && slot.ref("_state") != null && atomics.containsKey(slot.ref("_state"))) {
                waiter = atomics.get(slot.ref("_state")).ref("value");
            }
            ObjectRef continuation = waiter == null ? null : continuationOf.get(waiter);
            if (continuation != null) {
                ObjectRef flow = flowOfSlot.get(slot.object());
                boolean state = flow.type().name().equals(STATE_FLOW);
                String id = (state ? "stateflow@" : "sharedflow@") + Long.toHexString(flow.id());
                byContinuation.put(continuation, new WaitEdge(WaitEdge.Kind.FLOW, null, new Resource("flow", id, flow.type().name()),
                        (state ? "collects StateFlow " + id + ", waiting for its value to change"
                                : "collects SharedFlow " + id + ", waiting for the next value")));
            }
        });
    }

    /**
     * awaitSingle/awaitFirst/awaitLast subscribe a Subscriber that resumes the coroutine on the publisher's
     * signal; the pipeline's runtime (Reactor) says which pipeline task that subscriber consumes.
     */
    private void publishers() {
        asFlows();
        heap.fields(heap.instances(heap.classesNamed(AWAIT_SUBSCRIBER))).values().forEach(subscriber -> {
            ObjectRef continuation = continuationOf.get(subscriber.ref("$cont"));
            if (continuation == null) {
                return;
            }
            String pipeline = pipelines.get(subscriber.object());
            String id = pipeline != null ? pipeline : "publisher@" + Long.toHexString(subscriber.object().id());
            String description = pipeline != null ? "awaits Reactor pipeline " + pipeline + " (awaitSingle/awaitFirst)"
                    : subscriber.ref("subscription") == null ? "awaits a Reactive Streams Publisher (awaitSingle/awaitFirst), not subscribed yet"
                    : "awaits a Reactive Streams Publisher (awaitSingle/awaitFirst), no signal yet";
            byContinuation.put(continuation, new WaitEdge(WaitEdge.Kind.PUBLISHER, pipeline,
                    new Resource("publisher", id, subscriber.object().type().name()), description));
        });
    }

    /**
     * {@code Publisher.asFlow()} collects through a channel its subscriber fills: the collector's wait on
     * that channel is a wait on the pipeline the subscriber consumes.
     */
    private void asFlows() {
        Map<String, String> pipelineOfChannel = new HashMap<>();
        heap.fields(heap.instances(heap.classesNamed(AS_FLOW_SUBSCRIBER))).values().forEach(subscriber -> {
            String pipeline = pipelines.get(subscriber.object());
            if (pipeline != null && subscriber.ref("channel") != null) {
                pipelineOfChannel.put("channel@" + Long.toHexString(subscriber.ref("channel").id()), pipeline);
            }
        });
        byContinuation.replaceAll((continuation, edge) -> {
            String pipeline = edge.resource() == null ? null : pipelineOfChannel.get(edge.resource().id());
            return pipeline == null ? edge : new WaitEdge(WaitEdge.Kind.PUBLISHER, pipeline, new Resource("publisher", pipeline, AS_FLOW_SUBSCRIBER),
                    "collects Reactor pipeline " + pipeline + " as a Flow (asFlow), waiting for its next element");
        });
    }

    /** Ktor's ByteChannel (a socket's or a body's bytes) keeps one suspended reader or writer in {@code suspensionSlot}. */
    private void byteChannels() {
        Map<ObjectRef, ObjectFields> channels = heap.fields(heap.instances(heap.classesNamed(BYTE_CHANNEL)));
        Map<ObjectRef, ObjectFields> slots = heap.fields(channels.values().stream().map(c -> c.ref("suspensionSlot"))
                .filter(s -> s != null && (s.type().name().endsWith("$Slot$Read") || s.type().name().endsWith("$Slot$Write")))
                .toList());
        channels.values().forEach(channel -> {
            ObjectFields slot = channel.ref("suspensionSlot") == null ? null : slots.get(channel.ref("suspensionSlot"));
            ObjectRef continuation = slot == null ? null : continuationOf.get(slot.ref("continuation"));
            if (continuation != null) {
                boolean reading = slot.object().type().name().endsWith("$Slot$Read");
                String id = "bytechannel@" + Long.toHexString(channel.object().id());
                byContinuation.put(continuation, new WaitEdge(reading ? WaitEdge.Kind.BYTES_READ : WaitEdge.Kind.BYTES_WRITE, null,
                        new Resource("byte-channel", id, channel.object().type().name()),
                        reading ? "waits to read from ByteChannel " + id + " (no bytes yet: its writer, a socket or a body, has sent none)"
                                : "waits to write to ByteChannel " + id + " (full: its reader has not read)"));
            }
        });
    }

    /** Ktor's socket selector keeps, per socket, the coroutine waiting for each interest (readable, writable…). */
    private void selectors() {
        heap.fields(heap.instances(heap.classesNamed(SELECTOR_INTERESTS))).values().forEach(interests -> {
            for (String interest : INTERESTS) {
                ObjectRef continuation = continuationOf.get(interests.ref(interest + "HandlerReference"));
                if (continuation != null) {
                    String id = "socket@" + Long.toHexString(interests.object().id());
                    byContinuation.put(continuation, new WaitEdge(WaitEdge.Kind.SOCKET, null, new Resource("socket", id, interests.object().type().name()),
                            "waits for a socket to be ready to " + interest + " (NIO selector)"));
                }
            }
        });
    }

    private static List<HeapClass> flowClasses(HeapView heap) {
        List<HeapClass> classes = new ArrayList<>(heap.withSubclasses(SHARED_FLOW));
        classes.addAll(heap.classesNamed(STATE_FLOW));
        return classes;
    }
}
