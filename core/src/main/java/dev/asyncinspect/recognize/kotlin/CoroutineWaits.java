package dev.asyncinspect.recognize.kotlin;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.text.Durations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a suspended coroutine waits for. A suspension point hands the innermost continuation to a
 * {@code CancellableContinuationImpl} (through a {@code DispatchedContinuation}); whatever will
 * resume it holds that: a delayed task, a completion handler on the awaited Job, a mutex or a
 * channel's waiter slot. Those holders are found by class and read forwards, never by running code.
 */
final class CoroutineWaits {

    private static final String CANCELLABLE = "kotlinx.coroutines.CancellableContinuationImpl";
    private static final String DELAYED_RESUME = "kotlinx.coroutines.EventLoopImplBase$DelayedResumeTask";
    private static final String RESUME_ON_COMPLETION = "kotlinx.coroutines.ResumeOnCompletion";
    private static final String CHANNEL_SEGMENT = "kotlinx.coroutines.channels.ChannelSegment";
    private static final String FUTURE_HANDLER = "kotlinx.coroutines.future.ContinuationHandler";
    private static final String SEMAPHORE_SEGMENT = "kotlinx.coroutines.sync.SemaphoreSegment";
    private static final String SYMBOL = "kotlinx.coroutines.internal.Symbol";

    private final HeapView heap;
    private final TaskIds ids;
    /** The waiting machinery, by the innermost user continuation it will resume. */
    private final Map<ObjectRef, WaitEdge> byContinuation = new HashMap<>();
    private final Map<ObjectRef, WaitEdge> awaits = new HashMap<>();
    private final Map<ObjectRef, WaitEdge> joins = new HashMap<>();

    private Map<ObjectRef, ObjectRef> futureSources = Map.of();
    private Map<ObjectRef, ObjectFields> cancellableFields = Map.of();

    /** The classes whose instances the wait finder lists. */
    static List<HeapClass> enumerated(HeapView heap) {
        List<HeapClass> classes = new ArrayList<>(heap.withSubclasses(CANCELLABLE));
        for (String name : List.of(DELAYED_RESUME, RESUME_ON_COMPLETION, CHANNEL_SEGMENT, FUTURE_HANDLER, SEMAPHORE_SEGMENT)) {
            classes.addAll(heap.classesNamed(name));
        }
        classes.addAll(HolderWaits.enumerated(heap));
        return classes;
    }

    CoroutineWaits(HeapView heap, TaskIds ids) {
        this.heap = heap;
        this.ids = ids;
    }

    /**
     * @param futureSources the future each pending stage function waits on, for CompletableFuture.await()
     * @param pipelines     the reactive pipeline each Reactive Streams subscriber consumes, for awaitSingle()
     */
    void discover(Map<ObjectRef, ObjectFields> coroutines, Map<ObjectRef, ObjectFields> continuations,
                  Map<ObjectRef, ObjectRef> futureSources, Map<ObjectRef, String> pipelines) {
        this.futureSources = futureSources;
        scopes(coroutines);
        Map<ObjectRef, ObjectRef> resumedBy = cancellables(continuations);
        if (resumedBy.isEmpty()) {
            return;
        }
        Map<ObjectRef, ObjectRef> continuationOf = new HashMap<>();
        resumedBy.forEach((continuation, cancellable) -> continuationOf.put(cancellable, continuation));
        delays(continuationOf);
        jobWaits(continuationOf);
        mutexes(continuationOf);
        channels(continuationOf);
        futures(continuationOf);
        new HolderWaits(heap, ids, continuationOf, byContinuation, pipelines).find();
        resumedBy.forEach((continuation, cancellable) -> byContinuation.putIfAbsent(continuation,
                new WaitEdge(WaitEdge.Kind.SUSPENSION, null, null,
                        "suspended with no known resumer (e.g. delay(Long.MAX_VALUE), awaitCancellation)")));
    }

    Optional<WaitEdge> of(ObjectRef innermostContinuation) {
        return Optional.ofNullable(byContinuation.get(innermostContinuation));
    }

    /** coroutineScope, supervisorScope and withContext keep their caller's continuation in {@code uCont}. */
    private void scopes(Map<ObjectRef, ObjectFields> coroutines) {
        coroutines.values().forEach(c -> {
            ObjectRef caller = c.ref("uCont");
            if (caller != null) {
                String builder = Builders.of(c.object().type().name());
                String id = ids.taskOf(c.object());
                byContinuation.put(caller, new WaitEdge(WaitEdge.Kind.COROUTINE, id, null,
                        "waits in " + builder + " for " + id + " and its children"));
            }
        });
    }

    /**
     * Each CancellableContinuationImpl, by the user continuation it resumes. It reaches that continuation
     * through a DispatchedContinuation, which the continuation itself caches in {@code intercepted}: so
     * the DispatchedContinuations need reading only where that cache does not say.
     */
    private Map<ObjectRef, ObjectRef> cancellables(Map<ObjectRef, ObjectFields> continuations) {
        Map<ObjectRef, ObjectRef> byDispatched = new HashMap<>();
        continuations.values().forEach(c -> {
            if (c.ref("intercepted") != null) {
                byDispatched.put(c.ref("intercepted"), c.object());
            }
        });
        Map<ObjectRef, ObjectFields> read = heap.fields(heap.instances(heap.withSubclasses(CANCELLABLE)));
        cancellableFields = read;
        Map<ObjectRef, ObjectFields> dispatched = heap.fields(read.values().stream().map(c -> c.ref("delegate"))
                .filter(d -> d != null && !byDispatched.containsKey(d)).distinct().toList());
        Map<ObjectRef, ObjectRef> resumedBy = new HashMap<>();
        read.values().forEach(cancellable -> {
            ObjectRef delegate = cancellable.ref("delegate");
            ObjectFields fields = delegate == null ? null : dispatched.get(delegate);
            ObjectRef target = byDispatched.containsKey(delegate) ? byDispatched.get(delegate)
                    : fields == null ? delegate : fields.ref("continuation");
            if (target != null && continuations.containsKey(target)) {
                resumedBy.put(target, cancellable.object());
            }
        });
        return resumedBy;
    }

    private void delays(Map<ObjectRef, ObjectRef> continuationOf) {
        List<ObjectRef> tasks = instancesOf(DELAYED_RESUME);
        long now = System.nanoTime();    // CLOCK_MONOTONIC: the same clock the target's delays are scheduled on
        heap.fields(tasks).values().forEach(task -> {
            ObjectRef continuation = continuationOf.get(task.ref("cont"));
            if (continuation != null) {
                long remaining = task.longValue("nanoTime", Long.MAX_VALUE) - now;
                byContinuation.put(continuation, new WaitEdge(WaitEdge.Kind.DELAY, null, null, remaining > 365L * 24 * 3600 * 1_000_000_000L
                        ? "delay (forever)" : "delay, " + Durations.text(remaining) + " left"));
            }
        });
    }

    /**
     * Deferred.await suspends in an AwaitContinuation that names the awaited job; Job.join registers a
     * ResumeOnCompletion node on the joined job.
     */
    private void jobWaits(Map<ObjectRef, ObjectRef> continuationOf) {
        cancellableFields.values().forEach(cancellable -> {
            ObjectRef continuation = continuationOf.get(cancellable.object());
            if (continuation != null && cancellable.ref("job") != null) {
                byContinuation.put(continuation, jobWait(cancellable.ref("job"), true));
            }
        });
        heap.fields(instancesOf(RESUME_ON_COMPLETION)).values().forEach(node -> {
            ObjectRef continuation = continuationOf.get(node.ref("continuation"));
            if (continuation != null && node.ref("job") != null) {
                byContinuation.put(continuation, jobWait(node.ref("job"), false));
            }
        });
    }

    /** Many coroutines often wait for one job: they share one edge. */
    private WaitEdge jobWait(ObjectRef job, boolean await) {
        return (await ? awaits : joins).computeIfAbsent(job, j -> newJobWait(j, await));
    }

    private WaitEdge newJobWait(ObjectRef job, boolean await) {
        String id = ids.taskOf(job);
        String target = id != null ? id : job.type().simpleName() + "@" + Long.toHexString(job.id());
        return new WaitEdge(await ? WaitEdge.Kind.AWAIT : WaitEdge.Kind.JOIN, id, new Resource("job", target, job.type().name()),
                (await ? "awaits Deferred " : "joins Job ") + target);
    }

    /** Mutex waiters sit in semaphore segments, wrapped with a back-reference to their mutex. */
    private void mutexes(Map<ObjectRef, ObjectRef> continuationOf) {
        for (ObjectFields waiter : heap.fields(slots(SEMAPHORE_SEGMENT, "acquirers")).values()) {
            ObjectRef continuation = continuationOf.get(waiter.ref("cont"));
            ObjectRef mutex = waiter.ref("this$0");
            if (continuation != null && mutex != null) {
                String id = "mutex@" + Long.toHexString(mutex.id());
                byContinuation.put(continuation, new WaitEdge(WaitEdge.Kind.MUTEX, null, new Resource("mutex", id, mutex.type().name()),
                        "waits to lock Mutex " + id));
            }
        }
    }

    /** Channel segments hold element/state pairs; a waiting sender or receiver is the state of its cell. */
    private void channels(Map<ObjectRef, ObjectRef> continuationOf) {
        Map<ObjectRef, ObjectFields> segments = heap.fields(instancesOf(CHANNEL_SEGMENT));
        Map<ObjectRef, ObjectFields> cells = heap.fields(segments.values().stream().map(s -> s.ref("data"))
                .filter(d -> d != null).toList());
        Map<ObjectRef, dev.asyncinspect.heap.ArrayContents> arrays = heap.arrays(cells.values().stream()
                .map(c -> c.ref("array")).filter(a -> a != null).toList(), Integer.MAX_VALUE);
        Map<ObjectRef, ObjectFields> channels = heap.fields(segments.values().stream().map(s -> s.ref("_channel"))
                .filter(c -> c != null).distinct().toList());
        Map<ObjectRef, ObjectFields> wrapped = new HashMap<>();
        Map<ObjectRef, Boolean> wrappedSending = new HashMap<>();
        for (ObjectFields segment : segments.values()) {
            ObjectFields cellFields = segment.ref("data") == null ? null : cells.get(segment.ref("data"));
            var array = cellFields == null ? null : arrays.get(cellFields.ref("array"));
            ObjectFields channel = channels.get(segment.ref("_channel"));
            if (array == null || channel == null) {
                continue;
            }
            for (int i = 0; i + 1 < array.first().size(); i += 2) {
                ObjectRef state = array.first().get(i + 1).asObject();
                ObjectRef continuation = state == null ? null : continuationOf.get(state);
                boolean sending = !array.first().get(i).isNull();
                if (continuation != null) {
                    byContinuation.put(continuation, channelWait(channel, sending, null));
                } else if (state != null && !state.type().name().equals(SYMBOL)) {
                    wrapped.put(state, segment);
                    wrappedSending.put(state, sending);
                }
            }
        }
        // receiveCatching, a for loop's iterator, select and the buffer-expansion marker wrap the waiter: up to two levels
        Map<ObjectRef, ObjectFields> outer = heap.fields(wrapped.keySet());
        Map<ObjectRef, ObjectFields> inner = heap.fields(outer.values().stream()
                .flatMap(w -> w.values().values().stream()).map(v -> v.asObject())
                .filter(r -> r != null && !continuationOf.containsKey(r) && r.type().name().startsWith("kotlinx.coroutines."))
                .distinct().toList());
        outer.values().forEach(waiter -> {
            ObjectFields channel = channels.get(wrapped.get(waiter.object()).ref("_channel"));
            ObjectRef found = null;
            ObjectRef how = waiter.object();
            for (var value : waiter.values().values()) {
                ObjectRef ref = value.asObject();
                if (ref != null && continuationOf.containsKey(ref)) {
                    found = ref;
                } else if (ref != null && found == null && inner.containsKey(ref)) {
                    for (var innerValue : inner.get(ref).values().values()) {
                        if (innerValue.asObject() != null && continuationOf.containsKey(innerValue.asObject())) {
                            found = innerValue.asObject();
                            how = ref;
                        }
                    }
                }
            }
            if (found != null && channel != null) {
                byContinuation.put(continuationOf.get(found), channelWait(channel, wrappedSending.get(waiter.object()), how));
            }
        });
    }

    private static WaitEdge channelWait(ObjectFields channel, boolean sending, ObjectRef waiter) {
        long senders = channel.longValue("sendersAndCloseStatus$volatile", 0) & ((1L << 60) - 1);
        long receivers = channel.longValue("receivers$volatile", 0);
        int capacity = channel.intValue("capacity", 0);
        long buffered = Math.max(0, Math.min(senders - receivers, capacity));
        String id = "channel@" + Long.toHexString(channel.object().id());
        String buffer = capacity == 0 ? "rendezvous" : capacity == Integer.MAX_VALUE ? buffered + " buffered, unlimited"
                : buffered + " of " + capacity + " buffered";
        String how = waiter == null ? null : waiter.type().name();
        String action = how != null && how.endsWith("BufferedChannelIterator") ? "waits for the next element of Channel "
                : how != null && how.endsWith("ReceiveCatching") ? "waits in receiveCatching() on Channel "
                : how != null && how.startsWith("kotlinx.coroutines.selects.") ? (sending ? "waits in select to send to Channel " : "waits in select to receive from Channel ")
                : sending ? "waits to send to Channel " : "waits to receive from Channel ";
        return new WaitEdge(sending ? WaitEdge.Kind.CHANNEL_SEND : WaitEdge.Kind.CHANNEL_RECEIVE, null,
                new Resource("channel", id, channel.object().type().name()), action + id + " (" + buffer + ")");
    }

    /** CompletableFuture.await() resumes through a handler registered as a stage on the future. */
    private void futures(Map<ObjectRef, ObjectRef> continuationOf) {
        heap.fields(instancesOf(FUTURE_HANDLER)).values().forEach(handler -> {
            ObjectRef continuation = continuationOf.get(handler.ref("cont"));
            ObjectRef future = futureSources.get(handler.object());
            if (continuation != null) {
                String id = future == null ? null : ids.taskOf(future);
                byContinuation.put(continuation, new WaitEdge(WaitEdge.Kind.FUTURE, id,
                        id == null ? null : new Resource("future", id, future.type().name()),
                        "awaits CompletableFuture " + (id == null ? "(completed or unknown)" : id)));
            }
        });
    }

    /** The live objects held in the slots of every segment of this class (an AtomicReferenceArray each). */
    private List<ObjectRef> slots(String segmentClass, String arrayField) {
        Map<ObjectRef, ObjectFields> segments = heap.fields(instancesOf(segmentClass));
        Map<ObjectRef, ObjectFields> atomics = heap.fields(segments.values().stream().map(s -> s.ref(arrayField))
                .filter(a -> a != null).toList());
        return heap.arrays(atomics.values().stream().map(a -> a.ref("array")).filter(a -> a != null).toList(),
                        Integer.MAX_VALUE).values().stream()
                .flatMap(a -> a.first().stream()).map(v -> v.asObject()).filter(o -> o != null).distinct().toList();
    }

    private List<ObjectRef> instancesOf(String className) {
        return heap.instances(heap.classesNamed(className));
    }

}
