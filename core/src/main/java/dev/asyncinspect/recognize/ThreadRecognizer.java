package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.StackRequest;
import dev.asyncinspect.heap.ThreadSample;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.WaitEdge;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Platform and virtual threads as tasks: state, stack, locks held and the one waited for. Virtual
 * threads are found on the heap, so unmounted ones show up even when JDWP does not list them.
 */
public final class ThreadRecognizer {

    /** Above this many virtual threads, their locals are not read: a stack each is already enough round trips. */
    private static final int VIRTUAL_LOCALS_LIMIT = 200;
    /** Locals the Kotlin compiler adds to every suspend function: its state machine, not the user's data. */
    private static final Set<String> KOTLIN_MACHINERY = Set.of("$completion", "$continuation", "$result");
    private static final Set<String> FUTURE_WAITS = Set.of("get", "join", "waitingGet", "timedGet");
    private static final Predicate<String> APPLICATION_CODE = c -> !PlatformCode.contains(c);
    /** Receivers that say what a thread waits for: the future it joins, the task it runs, the object it waits on. */
    private static final Predicate<String> WAIT_RECEIVERS = c -> c.startsWith(FutureRecognizer.FUTURE)
            || c.equals("java.lang.Object") || c.equals(CoroutineRecognizer.BASE_CONTINUATION);

    private final HeapView heap;
    private final TaskIds ids;
    private final List<String> gaps;
    private final Map<ObjectRef, ObjectFields> threads = new LinkedHashMap<>();
    private final Map<ObjectRef, ObjectFields> holders = new HashMap<>();
    private final Map<ObjectRef, ThreadSample> samples = new HashMap<>();
    private final Map<ObjectRef, ObjectFields> blockers = new HashMap<>();
    private final Map<ObjectRef, ObjectRef> lockOwners = new HashMap<>();
    private final Map<ObjectRef, String> names = new HashMap<>();
    private ThreadStates states;

    public ThreadRecognizer(HeapView heap, TaskIds ids, List<String> gaps) {
        this.heap = heap;
        this.ids = ids;
        this.gaps = gaps;
    }

    /** The classes whose instances this recognizer lists. */
    static List<HeapClass> enumerated(HeapView heap) {
        List<HeapClass> classes = new ArrayList<>(virtualThreadClasses(heap));
        classes.addAll(lockClasses(heap));
        return classes;
    }

    private static List<HeapClass> virtualThreadClasses(HeapView heap) {
        return heap.withSubclasses("java.lang.VirtualThread");
    }

    private static List<HeapClass> lockClasses(HeapView heap) {
        // an executor worker "owns" itself while it runs a task
        return heap.withSubclasses("java.util.concurrent.locks.AbstractOwnableSynchronizer").stream()
                .filter(type -> !type.name().endsWith("$Worker")).toList();
    }

    public void discover() {
        states = new ThreadStates(heap);
        List<ObjectRef> platform = heap.platformThreads();
        List<ObjectRef> virtual = heap.instances(virtualThreadClasses(heap));
        threads.putAll(heap.fields(platform));
        threads.putAll(heap.fields(virtual));
        holders.putAll(heap.fields(threads.values().stream().map(t -> t.ref("holder")).filter(h -> h != null).toList()));
        threads.values().removeIf(t -> isVirtual(t) && states.virtual(t.intValue("state", -1)).equals("terminated"));
        Map<ObjectRef, String> threadNames = heap.strings(threads.values().stream().map(t -> t.ref("name"))
                .filter(n -> n != null).toList());
        threads.values().forEach(t -> {
            names.put(t.object(), threadNames.getOrDefault(t.ref("name"), "?"));
            ids.assign(t.object(), TaskIds.threadId(isVirtual(t), t.longValue("tid", t.object().id())));
        });

        Map<String, Integer> asyncTaskSlots = AsyncTaskSlots.find(heap);
        samples.putAll(heap.threadSamples(platform, new StackRequest(APPLICATION_CODE, WAIT_RECEIVERS, asyncTaskSlots)));
        List<ObjectRef> liveVirtual = threads.keySet().stream().filter(r -> isVirtual(threads.get(r))).toList();
        samples.putAll(heap.threadSamples(liveVirtual, new StackRequest(
                liveVirtual.size() <= VIRTUAL_LOCALS_LIMIT ? APPLICATION_CODE : c -> false, WAIT_RECEIVERS, asyncTaskSlots)));
        blockers.putAll(heap.fields(threads.values().stream().map(t -> t.ref("parkBlocker")).filter(b -> b != null).toList()));
        findLockOwners();
    }

    /** java.util.concurrent locks record their owner; monitors are owned per thread sample. */
    private void findLockOwners() {
        List<ObjectRef> locks = heap.instances(lockClasses(heap));
        for (ObjectFields lock : heap.fields(locks).values()) {
            if (lock.ref("exclusiveOwnerThread") != null) {
                lockOwners.put(lock.object(), lock.ref("exclusiveOwnerThread"));
            }
            blockers.putIfAbsent(lock.object(), lock);
        }
    }

    private static boolean isVirtual(ObjectFields thread) {
        return thread.object().type().name().startsWith("java.lang.VirtualThread")
                || thread.has("carrierThread") && thread.has("cont");
    }

    /** Futures blocked on in get/join, found as the receiver of those frames. */
    public List<ObjectRef> joinedFutures() {
        return samples.values().stream().map(ThreadRecognizer::joinedFuture).filter(f -> f != null).distinct().toList();
    }

    private static ObjectRef joinedFuture(ThreadSample sample) {
        for (StackFrameSample frame : sample.frames()) {
            if (frame.className().equals(FutureRecognizer.FUTURE) && FUTURE_WAITS.contains(frame.method())
                    && frame.thisObject() != null) {
                return frame.thisObject();
            }
        }
        return null;
    }

    /** Futures that a running supplyAsync/runAsync task will complete, by the id of the thread running it. */
    public Map<ObjectRef, String> futuresBeingComputed() {
        Map<ObjectRef, String> computing = new HashMap<>();
        samples.forEach((thread, sample) -> sample.frames().stream()
                .filter(f -> f.className().startsWith(FutureRecognizer.FUTURE + "$Async") && f.method().equals("run"))
                .filter(f -> f.rawSlot() != null && f.rawSlot().asObject() != null)
                .forEach(f -> computing.put(f.rawSlot().asObject(), ids.taskOf(thread))));
        return computing;
    }

    /** A coroutine being resumed on a thread: its continuation, and the thread frames above the resume. */
    public record Resumption(String threadId, List<StackFrameSample> frames) {}

    /** Resumptions by the continuation resumed, and those whose receiver the sample could not read. */
    public record Resumptions(Map<ObjectRef, Resumption> named, List<Resumption> unnamed) {}

    public Resumptions resumedContinuations() {
        Map<ObjectRef, Resumption> named = new HashMap<>();
        List<Resumption> unnamed = new ArrayList<>();
        samples.forEach((thread, sample) -> {
            List<StackFrameSample> frames = sample.frames();
            for (int i = 0; i < frames.size(); i++) {
                StackFrameSample frame = frames.get(i);
                if (frame.className().equals(CoroutineRecognizer.BASE_CONTINUATION) && frame.method().equals("resumeWith")) {
                    Resumption resumption = new Resumption(ids.taskOf(thread), List.copyOf(frames.subList(0, i)));
                    if (frame.thisObject() != null) {
                        named.putIfAbsent(frame.thisObject(), resumption);
                    } else {
                        unnamed.add(resumption);
                    }
                    return;
                }
            }
        });
        return new Resumptions(named, unnamed);
    }

    public Collection<HeapValue> shownValues() {
        List<HeapValue> shown = new ArrayList<>();
        samples.values().forEach(s -> s.frames().forEach(f -> f.locals().forEach(l -> shown.add(l.value()))));
        return shown;
    }

    public List<Task> tasks(ValueReader values) {
        Map<ObjectRef, ObjectRef> monitorOwners = new HashMap<>();
        samples.forEach((thread, sample) -> sample.ownedMonitors().forEach(m -> monitorOwners.put(m, thread)));
        List<Task> tasks = new ArrayList<>();
        for (ObjectFields thread : threads.values()) {
            ThreadSample sample = samples.get(thread.object());
            if (sample == null) {
                gaps.add("thread " + names.get(thread.object()) + " ended while the snapshot was taken");
                continue;
            }
            if (sample.problem() != null) {
                gaps.add("thread " + names.get(thread.object()) + ": " + sample.problem());
            }
            tasks.add(task(thread, sample, monitorOwners, values));
        }
        tasks.sort(Comparator.comparing((Task t) -> t.kind().ordinal()).thenComparingLong(t -> number(t.id())));
        return tasks;
    }

    private static long number(String id) {
        return Long.parseLong(id.substring(1));
    }

    private Task task(ObjectFields thread, ThreadSample sample, Map<ObjectRef, ObjectRef> monitorOwners,
                      ValueReader values) {
        boolean virtual = isVirtual(thread);
        ObjectFields holder = holders.get(thread.ref("holder"));
        int status = holder != null ? holder.intValue("threadStatus", 0) : thread.intValue("threadStatus", 0);
        String state = virtual ? states.virtual(thread.intValue("state", -1)) : ThreadStates.platform(status);
        List<Fact> facts = new ArrayList<>();
        if (virtual && thread.ref("carrierThread") != null) {
            facts.add(new Fact("carrier", describe(thread.ref("carrierThread"))));
        }
        boolean daemon = holder != null ? Boolean.TRUE.equals(holder.primitive("daemon"))
                : Boolean.TRUE.equals(thread.primitive("daemon"));
        if (daemon && !virtual) {
            facts.add(new Fact("daemon", "yes"));
        }
        List<Resource> holds = new ArrayList<>();
        sample.ownedMonitors().forEach(m -> holds.add(monitor(m)));
        lockOwners.forEach((lock, owner) -> {
            if (owner.equals(thread.object())) {
                holds.add(lock(lock));
            }
        });
        return new Task(ids.taskOf(thread.object()), virtual ? TaskKind.VIRTUAL_THREAD : TaskKind.THREAD,
                names.get(thread.object()), state, null, frames(sample, values),
                waits(thread, sample, status, virtual, monitorOwners), holds, List.of(), facts);
    }

    private static List<Frame> frames(ThreadSample sample, ValueReader values) {
        List<Frame> frames = new ArrayList<>();
        for (StackFrameSample frame : sample.frames()) {
            frames.add(new Frame(frame.function(), frame.file(), frame.line(), variables(frame, values), null));
        }
        return frames;
    }

    /** A frame's locals as the user wrote them. */
    static List<Variable> variables(StackFrameSample frame, ValueReader values) {
        return frame.locals().stream().filter(l -> !KOTLIN_MACHINERY.contains(l.name()))
                .map(l -> new Variable(l.name(), l.type(), values.value(l.value()))).toList();
    }

    private List<WaitEdge> waits(ObjectFields thread, ThreadSample sample, int status, boolean virtual,
                                 Map<ObjectRef, ObjectRef> monitorOwners) {
        List<WaitEdge> waits = new ArrayList<>();
        ObjectRef future = joinedFuture(sample);
        ObjectRef monitor = sample.contendedMonitor() != null ? sample.contendedMonitor() : waitedOn(sample);
        ObjectRef blocker = thread.ref("parkBlocker");
        if (future != null) {
            String id = ids.taskOf(future);
            waits.add(new WaitEdge("future", id, new Resource("future", id, future.type().name()),
                    "blocked in CompletableFuture." + joinMethod(sample) + " on " + id));
        } else if (monitor != null) {
            boolean waiting = ThreadStates.inObjectWait(status) || topMethodIs(sample, "java.lang.Object", "wait")
                    || topMethodIs(sample, "java.lang.Object", "wait0");
            ObjectRef owner = thread.object().equals(monitorOwners.get(monitor)) ? null : monitorOwners.get(monitor);
            waits.add(new WaitEdge(waiting ? "wait" : "monitor", waiting ? null : ids.taskOf(owner), monitor(monitor),
                    (waiting ? "waits for notify on " : "blocked entering monitor ") + objectName(monitor)
                            + (owner != null && !waiting ? " held by " + describe(owner) : "")));
        } else if (blocker != null && !thread.object().equals(lockOwners.get(blocker))) {
            // (an owner does not park on its own lock: it was read waiting, then got the lock)
            waits.add(parkedOn(blocker));
        } else if (ThreadStates.sleeping(status) || topMethodIs(sample, "java.lang.Thread", "sleep")
                || topMethodIs(sample, "java.lang.Thread", "sleep0") || topMethodIs(sample, "java.lang.VirtualThread", "sleepNanos")) {
            waits.add(new WaitEdge("sleep", null, null, "sleeping in Thread.sleep"));
        } else if (sample.frames().stream().limit(6).anyMatch(f -> f.function().equals("java.util.concurrent.locks.LockSupport.park"))) {
            waits.add(new WaitEdge("park", null, null, "parked in LockSupport.park with no blocker object"));
        }
        return waits;
    }

    private WaitEdge parkedOn(ObjectRef blocker) {
        ObjectRef owner = lockOwners.get(blocker);
        ObjectFields fields = blockers.get(blocker);
        String lockType = lockName(blocker.type());
        if (owner != null) {
            return new WaitEdge("lock", ids.taskOf(owner), lock(blocker),
                    "waits for " + lockType + " " + hex(blocker) + " held by " + describe(owner));
        }
        if (fields != null && fields.has("state") && heap.isA(blocker.type(),
                "java.util.concurrent.locks.AbstractQueuedSynchronizer")) {
            return new WaitEdge("lock", null, lock(blocker), "waits for " + lockType + " " + hex(blocker)
                    + (lockType.equals("CountDownLatch") ? " (count " : " (state ") + fields.intValue("state", 0) + ")");
        }
        return new WaitEdge("park", null, new Resource("object", hex(blocker), blocker.type().name()),
                "parked on " + objectName(blocker));
    }

    private String describe(ObjectRef thread) {
        if (thread == null) {
            return "an unknown thread";
        }
        String id = ids.taskOf(thread);
        return (id == null ? "thread" : id) + " \"" + names.getOrDefault(thread, "?") + "\"";
    }

    /** JDWP does not always report the monitor of Object.wait (JDK 25 waits in wait0); the frame's receiver is it. */
    private static ObjectRef waitedOn(ThreadSample sample) {
        return sample.frames().stream().limit(3)
                .filter(f -> f.className().equals("java.lang.Object") && f.method().startsWith("wait"))
                .map(StackFrameSample::thisObject).filter(o -> o != null).findFirst().orElse(null);
    }

    private static String joinMethod(ThreadSample sample) {
        return sample.frames().stream().filter(f -> f.className().equals(FutureRecognizer.FUTURE)
                && (f.method().equals("get") || f.method().equals("join"))).map(StackFrameSample::method)
                .reduce((first, last) -> last).orElse("get");
    }

    private static boolean topMethodIs(ThreadSample sample, String className, String method) {
        return !sample.frames().isEmpty() && sample.frames().get(0).className().equals(className)
                && sample.frames().get(0).method().equals(method);
    }

    /** {@code ReentrantLock$NonfairSync} is what the user knows as a ReentrantLock. */
    static String lockName(HeapClass type) {
        String simple = type.simpleName();
        int nested = simple.indexOf('$');
        return nested > 0 ? simple.substring(0, nested) : simple;
    }

    private static Resource monitor(ObjectRef monitor) {
        return new Resource("monitor", hex(monitor), monitor.type().name());
    }

    private static Resource lock(ObjectRef lock) {
        return new Resource("lock", hex(lock), lock.type().name());
    }

    private static String objectName(ObjectRef object) {
        return object.type().simpleName() + hex(object);
    }

    static String hex(ObjectRef object) {
        return "@" + Long.toHexString(object.id());
    }
}
