package dev.asyncinspect.recognize.threads;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.ThreadSample;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.recognize.Findings;
import dev.asyncinspect.recognize.Recognizer;
import dev.asyncinspect.recognize.StackNeeds;
import dev.asyncinspect.recognize.TaskBudget;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.recognize.values.ValueReader;
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
public final class ThreadRecognizer implements Recognizer {

    /** Above this many virtual threads, their locals are not read: a stack each is already enough round trips. */
    private static final int VIRTUAL_LOCALS_LIMIT = 200;
    private static final Predicate<String> APPLICATION_CODE = c -> !PlatformCode.contains(c);
    /** The object a thread waits on in Object.wait, which JDWP does not always report as its monitor. */
    private static final StackNeeds WAITED_ON = StackNeeds.receivers(c -> c.equals("java.lang.Object"));

    private final HeapView heap;
    private final TaskIds ids;
    private final List<String> gaps;
    private final Findings findings;
    private final Map<ObjectRef, ObjectFields> threads = new LinkedHashMap<>();
    private final Map<ObjectRef, ObjectFields> holders = new HashMap<>();
    private final Map<ObjectRef, ThreadSample> samples = new HashMap<>();
    private final Map<ObjectRef, ObjectFields> blockers = new HashMap<>();
    private final Map<ObjectRef, ObjectRef> lockOwners = new HashMap<>();
    private final Map<ObjectRef, String> names = new HashMap<>();
    private ThreadStates states;
    private Set<String> hiddenLocals = Set.of();

    private final TaskBudget budget;

    public ThreadRecognizer(Recognizer.Scope scope) {
        this.heap = scope.heap();
        this.budget = scope.budget();
        this.ids = scope.ids();
        this.gaps = scope.gaps();
        this.findings = scope.findings();
    }

    @Override
    public StackNeeds stackNeeds() {
        return WAITED_ON;
    }

    @Override
    public List<HeapClass> enumerated() {
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

    @Override
    public void discover() {
        states = new ThreadStates(heap);
        List<ObjectRef> platform = heap.platformThreads();
        List<ObjectRef> virtual = budget.admit("virtual threads", heap.instances(virtualThreadClasses(heap)));
        threads.putAll(heap.fields(platform));
        threads.putAll(heap.fields(virtual));
        holders.putAll(heap.fields(threads.values().stream().map(t -> t.ref("holder")).filter(h -> h != null).toList()));
        threads.values().removeIf(t -> isVirtual(t) && states.virtual(t.intValue("state", -1)).is(TaskState.Phase.DONE));
        Map<ObjectRef, String> threadNames = heap.strings(threads.values().stream().map(t -> t.ref("name"))
                .filter(n -> n != null).toList());
        threads.values().forEach(t -> {
            // (a thread read while it is being constructed has no name yet)
            names.put(t.object(), t.ref("name") == null ? "?" : threadNames.getOrDefault(t.ref("name"), "?"));
            ids.assign(t.object(), TaskIds.threadId(isVirtual(t), t.longValue("tid", t.object().id())));
        });

        StackNeeds needs = findings.get(Findings.STACK_NEEDS);
        hiddenLocals = needs.hiddenLocals();
        samples.putAll(heap.threadSamples(platform, needs.request(APPLICATION_CODE)));
        List<ObjectRef> liveVirtual = threads.keySet().stream().filter(r -> isVirtual(threads.get(r))).toList();
        samples.putAll(heap.threadSamples(liveVirtual,
                needs.request(liveVirtual.size() <= VIRTUAL_LOCALS_LIMIT ? APPLICATION_CODE : c -> false)));
        Map<String, ThreadSample> byTask = new LinkedHashMap<>();
        samples.forEach((thread, sample) -> byTask.put(ids.taskOf(thread), sample));
        findings.publish(Findings.THREAD_SAMPLES, byTask);
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

    @Override
    public Collection<HeapValue> shownValues() {
        List<HeapValue> shown = new ArrayList<>();
        samples.values().forEach(s -> s.frames().forEach(f -> f.locals().forEach(l -> shown.add(l.value()))));
        return shown;
    }

    @Override
    public List<Task> tasks(ValueReader values) {
        Map<String, WaitEdge> blockingCalls = findings.get(Findings.BLOCKING_CALLS);
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
            tasks.add(task(thread, sample, monitorOwners, blockingCalls, values));
        }
        tasks.sort(Comparator.comparing((Task t) -> t.kind().ordinal()).thenComparingLong(t -> number(t.id())));
        return tasks;
    }

    private static long number(String id) {
        return Long.parseLong(id.substring(1));
    }

    private Task task(ObjectFields thread, ThreadSample sample, Map<ObjectRef, ObjectRef> monitorOwners,
                      Map<String, WaitEdge> blockingCalls, ValueReader values) {
        boolean virtual = isVirtual(thread);
        ObjectFields holder = holders.get(thread.ref("holder"));
        int status = holder != null ? holder.intValue("threadStatus", 0) : thread.intValue("threadStatus", 0);
        TaskState state = virtual ? states.virtual(thread.intValue("state", -1)) : ThreadStates.platform(status);
        List<Fact> facts = new ArrayList<>();
        if (virtual && thread.ref("carrierThread") != null) {
            facts.add(new Fact(Fact.Kind.CARRIER, describe(thread.ref("carrierThread"))));
        }
        boolean daemon = holder != null ? Boolean.TRUE.equals(holder.primitive("daemon"))
                : Boolean.TRUE.equals(thread.primitive("daemon"));
        if (daemon && !virtual) {
            facts.add(new Fact(Fact.Kind.DAEMON, "yes"));
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
                waits(thread, sample, status, monitorOwners, blockingCalls), holds, List.of(), facts);
    }

    private List<Frame> frames(ThreadSample sample, ValueReader values) {
        List<Frame> frames = new ArrayList<>();
        for (StackFrameSample frame : sample.frames()) {
            frames.add(new Frame(frame.function(), frame.file(), frame.line(), values.locals(frame, hiddenLocals), null));
        }
        return frames;
    }

    private List<WaitEdge> waits(ObjectFields thread, ThreadSample sample, int status,
                                 Map<ObjectRef, ObjectRef> monitorOwners, Map<String, WaitEdge> blockingCalls) {
        List<WaitEdge> waits = new ArrayList<>();
        WaitEdge blockingCall = blockingCalls.get(ids.taskOf(thread.object()));
        ObjectRef monitor = sample.contendedMonitor() != null ? sample.contendedMonitor() : waitedOn(sample);
        ObjectRef blocker = thread.ref("parkBlocker");
        if (blockingCall != null) {
            waits.add(blockingCall);
        } else if (monitor != null) {
            boolean waiting = ThreadStates.inObjectWait(status) || topMethodIs(sample, "java.lang.Object", "wait")
                    || topMethodIs(sample, "java.lang.Object", "wait0");
            ObjectRef owner = thread.object().equals(monitorOwners.get(monitor)) ? null : monitorOwners.get(monitor);
            waits.add(new WaitEdge(waiting ? WaitEdge.Kind.WAIT : WaitEdge.Kind.MONITOR, waiting ? null : ids.taskOf(owner), monitor(monitor),
                    (waiting ? "waits for notify on " : "blocked entering monitor ") + objectName(monitor)
                            + (owner != null && !waiting ? " held by " + describe(owner) : "")));
        } else if (blocker != null && !thread.object().equals(lockOwners.get(blocker))) {
            // (an owner does not park on its own lock: it was read waiting, then got the lock)
            waits.add(parkedOn(blocker));
        } else if (ThreadStates.sleeping(status) || topMethodIs(sample, "java.lang.Thread", "sleep")
                || topMethodIs(sample, "java.lang.Thread", "sleep0") || topMethodIs(sample, "java.lang.VirtualThread", "sleepNanos")) {
            waits.add(new WaitEdge(WaitEdge.Kind.SLEEP, null, null, "sleeping in Thread.sleep"));
        } else if (sample.frames().stream().limit(6).anyMatch(f -> f.function().equals("java.util.concurrent.locks.LockSupport.park"))) {
            waits.add(new WaitEdge(WaitEdge.Kind.PARK, null, null, "parked in LockSupport.park with no blocker object"));
        }
        return waits;
    }

    private WaitEdge parkedOn(ObjectRef blocker) {
        ObjectRef owner = lockOwners.get(blocker);
        ObjectFields fields = blockers.get(blocker);
        String lockType = lockName(blocker.type());
        if (owner != null) {
            return new WaitEdge(WaitEdge.Kind.LOCK, ids.taskOf(owner), lock(blocker),
                    "waits for " + lockType + " " + hex(blocker) + " held by " + describe(owner));
        }
        if (fields != null && fields.has("state") && heap.isA(blocker.type(),
                "java.util.concurrent.locks.AbstractQueuedSynchronizer")) {
            return new WaitEdge(WaitEdge.Kind.LOCK, null, lock(blocker), "waits for " + lockType + " " + hex(blocker)
                    + (lockType.equals("CountDownLatch") ? " (count " : " (state ") + fields.intValue("state", 0) + ")");
        }
        if (heap.isA(blocker.type(), "kotlinx.coroutines.AbstractCoroutine")) {
            // runBlocking parks its thread on its coroutine, running the event loop until that completes.
            return new WaitEdge(WaitEdge.Kind.COROUTINE, ids.coroutineIdOf(blocker), null,
                    "runs runBlocking's event loop until coroutine " + ids.coroutineIdOf(blocker) + " completes");
        }
        return new WaitEdge(WaitEdge.Kind.PARK, null, new Resource("object", hex(blocker), blocker.type().name()),
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
