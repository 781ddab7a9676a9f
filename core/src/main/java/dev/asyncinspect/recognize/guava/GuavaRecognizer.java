package dev.asyncinspect.recognize.guava;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
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
import dev.asyncinspect.recognize.bytecode.LambdaOrigins;
import dev.asyncinspect.recognize.executors.ExecutorQueues;
import dev.asyncinspect.recognize.values.ValueReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Guava's pending {@code ListenableFuture}s as future tasks, like CompletableFuture's: a
 * {@code Futures.transform}/{@code transformAsync}/{@code catching} stage shows its function (where it
 * was written, what it captured) and waits on its input; a future set from another ({@code setFuture})
 * waits on that one; a {@code SettableFuture} waits for whoever sets it; a submitted task waits in its
 * executor's queue. Each names its listeners, and a thread in {@code get()} waits on its future.
 */
public final class GuavaRecognizer implements Recognizer {

    private static final String PACKAGE = "com.google.common.util.concurrent.";
    private static final String FUTURE = PACKAGE + "AbstractFuture";
    /** Reading the listener lists of this many futures at most a snapshot; past it, listeners are not told. */
    private static final int MAX_LISTENERS = 10_000;
    private static final TaskState PENDING = new TaskState(TaskState.Phase.WAITING, "pending");

    private final HeapView heap;
    private final TaskIds ids;
    private final Findings findings;
    private final LambdaOrigins origins;

    private Map<ObjectRef, ObjectFields> pending = Map.of();
    private final Map<ObjectRef, ObjectFields> functions = new HashMap<>();
    private final Map<ObjectRef, ObjectFields> delegates = new HashMap<>();
    private final Map<ObjectRef, List<String>> listeners = new HashMap<>();
    /** A submitted task's interruptible task keeps the thread running it. */
    private final Map<ObjectRef, ObjectRef> runners = new HashMap<>();

    private final TaskBudget budget;

    public GuavaRecognizer(Recognizer.Scope scope) {
        this.heap = scope.heap();
        this.budget = scope.budget();
        this.ids = scope.ids();
        this.findings = scope.findings();
        this.origins = new LambdaOrigins(heap);
    }

    /** A thread in get() has the future as its frame's receiver. */
    @Override
    public StackNeeds stackNeeds() {
        return StackNeeds.receivers(GuavaRecognizer::isFutureCode);
    }

    private static boolean isFutureCode(String className) {
        return className.startsWith(PACKAGE) && (className.contains("AbstractFuture") || className.contains("TrustedFuture"));
    }

    @Override
    public List<HeapClass> enumerated() {
        return heap.withSubclasses(FUTURE);
    }

    @Override
    public void discover() {
        List<ObjectRef> futures = budget.admit("Guava futures", heap.instances(enumerated()));
        if (futures.isEmpty()) {
            return;
        }
        Map<ObjectRef, ObjectFields> read = heap.fields(futures);
        Map<ObjectRef, ObjectFields> found = new LinkedHashMap<>();
        read.forEach((ref, future) -> {
            ObjectRef value = value(future);
            boolean delegating = value != null && isDelegate(value);
            if (value == null && !future.has("valueField") && !future.has("value")) {
                return;     // a layout this does not know: not told as pending
            }
            if (value == null || delegating) {
                found.put(ref, future);
            }
        });
        pending = found;
        ids.numbered(heap.taskNumbers(pending.keySet()));
        pending.keySet().forEach(f -> ids.assign(f, ids.futureIdOf(f)));
        delegates.putAll(heap.fields(pending.values().stream().map(GuavaRecognizer::value).filter(Objects::nonNull).toList()));
        readFunctions();
        readListeners();
        publishBlocked();
    }

    /** The result slot: {@code value} up to Guava 33.4, {@code valueField} after. */
    private static ObjectRef value(ObjectFields future) {
        ObjectRef value = future.ref("valueField");
        return value != null ? value : future.ref("value");
    }

    private static boolean isDelegate(ObjectRef value) {
        String type = value.type().name();
        return type.equals(FUTURE + "$SetFuture") || type.equals(FUTURE + "$DelegatingToFuture");
    }

    /** Each stage's function; a submitted task's callable, one object further in. */
    private void readFunctions() {
        List<ObjectRef> wanted = new ArrayList<>();
        List<ObjectRef> tasks = new ArrayList<>();
        pending.values().forEach(f -> {
            for (String field : List.of("function", "fallback", "callback")) {
                if (f.ref(field) != null) {
                    wanted.add(f.ref(field));
                }
            }
            if (f.ref("task") != null) {
                tasks.add(f.ref("task"));
            }
        });
        Map<ObjectRef, ObjectFields> interruptible = heap.fields(tasks);
        Map<ObjectRef, ObjectRef> callableOf = new HashMap<>();
        interruptible.values().forEach(t -> {
            if (t.ref("value") != null && t.ref("value").type().name().endsWith("Thread")) {
                runners.put(t.object(), t.ref("value"));
            }
            ObjectRef callable = t.ref("callable");
            if (callable != null) {
                wanted.add(callable);
                callableOf.put(t.object(), callable);
            }
        });
        functions.putAll(heap.fields(wanted.stream().distinct().toList()));
        origins.unwrapAdapters(functions);
        // Keyed by the task object too, so that a frame finds its function through the future's own field.
        callableOf.forEach((task, callable) -> {
            if (functions.containsKey(callable)) {
                functions.put(task, functions.get(callable));
            }
        });
    }

    /** Who listens to each pending future, newest first as Guava keeps them: a stage (a future task) or a callback. */
    private void readListeners() {
        Map<ObjectRef, ObjectRef> heads = new HashMap<>();
        pending.values().stream().limit(MAX_LISTENERS).forEach(f -> {
            ObjectRef head = f.ref("listenersField") != null ? f.ref("listenersField") : f.ref("listeners");
            if (head != null) {
                heads.put(f.object(), head);
            }
        });
        Map<ObjectRef, ObjectRef> next = heads;
        for (int depth = 0; depth < 16 && !next.isEmpty(); depth++) {
            Map<ObjectRef, ObjectFields> nodes = heap.fields(next.values());
            Map<ObjectRef, ObjectRef> further = new HashMap<>();
            Map<ObjectRef, ObjectRef> step = next;
            step.forEach((future, node) -> {
                ObjectFields listener = nodes.get(node);
                if (listener == null || listener.ref("task") == null) {
                    return;
                }
                ObjectRef task = listener.ref("task");
                String id = ids.taskOf(task);
                listeners.computeIfAbsent(future, f -> new ArrayList<>()).add(id != null ? id
                        : task.type().name().equals(PACKAGE + "Futures$CallbackListener") ? "addCallback" : task.type().simpleName());
                if (listener.ref("next") != null) {
                    further.put(future, listener.ref("next"));
                }
            });
            next = further;
        }
    }

    private void publishBlocked() {
        Map<String, WaitEdge> blocked = new HashMap<>();
        findings.get(Findings.THREAD_SAMPLES).forEach((thread, sample) -> {
            StackFrameSample get = sample.frames().stream().filter(f -> isFutureCode(f.className()) && f.method().endsWith("et")
                    && f.thisObject() != null && pending.containsKey(f.thisObject())).findFirst().orElse(null);
            if (get != null) {
                String id = ids.taskOf(get.thisObject());
                blocked.put(thread, new WaitEdge(WaitEdge.Kind.FUTURE, id, new Resource("future", id, get.thisObject().type().name()),
                        "blocked in ListenableFuture.get() on " + id));
            }
        });
        findings.merge(Findings.BLOCKING_CALLS, blocked);
    }

    @Override
    public Collection<HeapValue> shownValues() {
        List<HeapValue> shown = new ArrayList<>();
        functions.values().forEach(f -> shown.addAll(f.values().values()));
        return shown;
    }

    @Override
    public List<Task> tasks(ValueReader values) {
        Map<ObjectRef, ExecutorQueues.Queued> queued = findings.get(ExecutorQueues.QUEUED);
        List<Task> tasks = new ArrayList<>();
        pending.values().forEach(future -> tasks.add(task(future, queued, values)));
        tasks.sort(Comparator.comparingLong(t -> Long.parseLong(t.id().substring(1))));
        return tasks;
    }

    private Task task(ObjectFields future, Map<ObjectRef, ExecutorQueues.Queued> queued, ValueReader values) {
        String id = ids.taskOf(future.object());
        String stage = stage(future.object().type());
        List<Frame> frames = new ArrayList<>();
        ObjectFields function = functionOf(future);
        if (function != null) {
            LambdaOrigins.Origin origin = origins.of(function.object().type(), function);
            frames.add(new Frame(origin.function(), origin.file(), origin.line(), origin.captured(function, values), stage + " stage"));
        }
        List<WaitEdge> waits = new ArrayList<>();
        ObjectRef input = future.ref("inputFuture");
        ObjectFields delegate = delegates.get(value(future));
        if (input != null) {
            waits.add(onFuture(stage + " waits for its input", input));
        } else if (delegate != null && delegate.ref("future") != null) {
            waits.add(onFuture("set from another future (setFuture): waits for it,", delegate.ref("future")));
        } else if (runners.containsKey(future.ref("task")) && ids.taskOf(runners.get(future.ref("task"))) != null) {
            String thread = ids.taskOf(runners.get(future.ref("task")));
            waits.add(new WaitEdge(WaitEdge.Kind.EXECUTOR, thread, null, "submitted task is running on " + thread));
        } else if (future.ref("task") != null) {
            ExecutorQueues.Queued place = queued.get(future.object());
            String worker = place != null && place.workers().size() == 1 ? ids.taskOf(place.workers().get(0)) : null;
            waits.add(new WaitEdge(WaitEdge.Kind.EXECUTOR, worker, null, place == null ? "submitted task: running or queued in its executor"
                    : "submitted task is " + place.description() + (worker != null ? ", behind its only thread " + worker : "")));
        } else {
            waits.add(new WaitEdge(WaitEdge.Kind.COMPLETION, null, null, "nobody has completed it yet (" + future.object().type().simpleName() + ".set)"));
        }
        List<Fact> facts = new ArrayList<>();
        List<String> listening = listeners.getOrDefault(future.object(), List.of());
        if (!listening.isEmpty()) {
            facts.add(new Fact(Fact.Kind.PENDING_STAGES, String.join(", ", listening)));
        }
        String name = function != null ? stage + "(" + shortFunction(frames.get(0).function()) + ")" : future.object().type().simpleName();
        return new Task(id, TaskKind.FUTURE, name, PENDING, null, frames, waits, List.of(), List.of(), facts);
    }

    private WaitEdge onFuture(String what, ObjectRef input) {
        String id = ids.taskOf(input);
        return new WaitEdge(WaitEdge.Kind.FUTURE, id, id == null ? null : new Resource("future", id, input.type().name()),
                what + " " + (id != null ? id : "(completed)"));
    }

    private ObjectFields functionOf(ObjectFields future) {
        for (String field : List.of("function", "fallback", "task")) {
            ObjectRef ref = future.ref(field);
            if (ref != null && functions.containsKey(ref)) {
                return functions.get(ref);
            }
        }
        return null;
    }

    /** {@code AbstractTransformFuture$AsyncTransformFuture} → {@code transformAsync}, as the user called it. */
    private static String stage(HeapClass type) {
        String name = type.name();
        if (name.endsWith("$AsyncTransformFuture")) {
            return "transformAsync";
        }
        if (name.endsWith("$TransformFuture")) {
            return "transform";
        }
        if (name.endsWith("$AsyncCatchingFuture")) {
            return "catchingAsync";
        }
        if (name.endsWith("$CatchingFuture")) {
            return "catching";
        }
        if (name.startsWith(PACKAGE + "TrustedListenableFutureTask")) {
            return "submit";
        }
        return type.simpleName();
    }

    private static String shortFunction(String function) {
        int method = function.lastIndexOf('.');
        int type = function.lastIndexOf('.', method - 1);
        return function.substring(type + 1);
    }
}
