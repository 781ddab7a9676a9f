package dev.asyncinspect.recognize.futures;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.ThreadSample;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.recognize.Findings;
import dev.asyncinspect.recognize.IdOrder;
import dev.asyncinspect.recognize.Recognizer;
import dev.asyncinspect.recognize.StackNeeds;
import dev.asyncinspect.recognize.TaskBudget;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.recognize.bytecode.LambdaOrigins;
import dev.asyncinspect.recognize.executors.ExecutorQueues;
import dev.asyncinspect.recognize.values.ValueReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CompletableFuture stage graphs as tasks. Starts from the pending completions (every pending
 * stage is one, found by class in one request each) rather than from the futures, so only futures
 * that something waits for or depends on are read.
 */
public final class FutureRecognizer implements Recognizer {

    public static final String FUTURE = "java.util.concurrent.CompletableFuture";
    /** The future each pending stage's function waits on: how a function object registered as a stage finds its future. */
    public static final Findings.Key<Map<ObjectRef, ObjectRef>> SOURCES_BY_FUNCTION = new Findings.Key<>("future sources", Map::of);
    private static final Set<String> JOINS = Set.of("get", "join", "waitingGet", "timedGet");

    private final HeapView heap;
    private final TaskIds ids;
    private final LambdaOrigins origins;
    private final Findings findings;

    private final List<PendingStage> stages = new ArrayList<>();
    private StageGraph graph = new StageGraph(List.of(), List.of());
    private final Map<ObjectRef, ObjectFields> functions = new HashMap<>();
    private Map<ObjectRef, String> producers = Map.of();
    /** Futures that other runtimes' stages wait on (a pipeline's fromFuture), with the tasks those stages belong to. */
    private final Map<ObjectRef, List<String>> ownedStages = new HashMap<>();

    private final TaskBudget budget;

    public FutureRecognizer(Recognizer.Scope scope) {
        this.heap = scope.heap();
        this.budget = scope.budget();
        this.ids = scope.ids();
        this.origins = new LambdaOrigins(heap);
        this.findings = scope.findings();
    }

    /** The future a thread joins is its frame's receiver; a running async task keeps its future in a local only. */
    @Override
    public StackNeeds stackNeeds() {
        return new StackNeeds(c -> c.startsWith(FUTURE), AsyncTaskSlots.find(heap), Set.of());
    }

    @Override
    public void discover() {
        Map<ObjectRef, String> owners = findings.get(Findings.STAGE_OWNERS);
        Map<String, ThreadSample> threads = findings.get(Findings.THREAD_SAMPLES);
        Map<String, ObjectRef> joined = joined(threads);
        this.producers = beingComputed(threads);
        List<ObjectRef> completions = budget.admit("pending stages of futures", heap.instances(enumerated()));
        Map<ObjectRef, ObjectFields> read = heap.fields(completions);
        Map<ObjectRef, ArrayContents> anyOfSources = heap.arrays(
                read.values().stream().map(c -> c.ref("srcs")).filter(r -> r != null).toList(), Integer.MAX_VALUE);
        for (ObjectFields completion : read.values()) {
            ObjectRef srcs = completion.ref("srcs");
            List<ObjectRef> extra = srcs == null || !anyOfSources.containsKey(srcs) ? List.of()
                    : anyOfSources.get(srcs).first().stream().map(HeapValue::asObject).filter(r -> r != null).toList();
            PendingStage stage = PendingStage.of(completion, extra);
            if (stage == null) {
                continue;
            }
            // Another runtime's stage (fromFuture's) completes a throwaway future: its source shows who waits instead.
            String owner = stage.fn() == null ? null : owners.get(stage.fn());
            if (owner != null) {
                stage.sources().forEach(source -> ownedStages.computeIfAbsent(source, s -> new ArrayList<>(1)).add(owner));
            } else {
                stages.add(stage);
            }
        }
        // Listed as often as stages name them: the read answers each future once.
        List<ObjectRef> involved = new ArrayList<>(joined.values());
        involved.addAll(ownedStages.keySet());
        involved.addAll(producers.keySet());
        for (PendingStage stage : stages) {
            involved.add(stage.dep());
            involved.addAll(stage.sources());
        }
        List<FutureNode> futures = new ArrayList<>();
        Map<ObjectRef, ObjectFields> involvedFields = heap.fields(involved);
        ids.numbered(heap.taskNumbers(involvedFields.keySet()));
        for (ObjectFields future : involvedFields.values()) {
            String id = ids.futureIdOf(future.object());
            ids.assign(future.object(), id);
            futures.add(new FutureNode(future, id));
        }
        graph = new StageGraph(futures, stages);
        functions.putAll(heap.fields(stages.stream().map(PendingStage::fn).filter(f -> f != null).distinct().toList()));
        origins.unwrapAdapters(functions);
        findings.publish(SOURCES_BY_FUNCTION, sourcesByFunction());
        Map<String, WaitEdge> blocked = new HashMap<>();
        joined.forEach((thread, future) -> {
            String id = ids.taskOf(future);
            blocked.put(thread, new WaitEdge(WaitEdge.Kind.FUTURE, id, new Resource("future", id, future.type().name()),
                    "blocked in CompletableFuture." + joinMethod(threads.get(thread)) + " on " + id));
        });
        findings.merge(Findings.BLOCKING_CALLS, blocked);
    }

    /** Futures threads block on in get/join, found as the receiver of those frames, by thread. */
    private static Map<String, ObjectRef> joined(Map<String, ThreadSample> threads) {
        Map<String, ObjectRef> joined = new HashMap<>();
        threads.forEach((thread, sample) -> sample.frames().stream()
                .filter(f -> f.className().equals(FUTURE) && JOINS.contains(f.method()) && f.thisObject() != null)
                .findFirst().ifPresent(f -> joined.put(thread, f.thisObject())));
        return joined;
    }

    /** The user called get or join; the JDK's own waitingGet underneath is not what they wrote. */
    private static String joinMethod(ThreadSample sample) {
        return sample.frames().stream().filter(f -> f.className().equals(FUTURE)
                && (f.method().equals("get") || f.method().equals("join"))).map(StackFrameSample::method)
                .reduce((first, last) -> last).orElse("get");
    }

    /** Futures that a running supplyAsync/runAsync task will complete, by the id of the thread running it. */
    private static Map<ObjectRef, String> beingComputed(Map<String, ThreadSample> threads) {
        Map<ObjectRef, String> computing = new HashMap<>();
        threads.forEach((thread, sample) -> sample.frames().stream()
                .filter(f -> f.className().startsWith(FUTURE + "$Async") && f.method().equals("run"))
                .filter(f -> f.rawSlot() != null && f.rawSlot().asObject() != null)
                .forEach(f -> computing.put(f.rawSlot().asObject(), thread)));
        return computing;
    }

    /** Pending stages, found by their completion objects. */
    @Override
    public List<HeapClass> enumerated() {
        List<HeapClass> types = new ArrayList<>(heap.withSubclasses(FUTURE + "$Completion"));
        types.addAll(heap.classesNamed(FUTURE + "$AsyncSupply"));
        types.addAll(heap.classesNamed(FUTURE + "$AsyncRun"));
        // A CoCompletion only points back at its BiCompletion, which is enumerated itself.
        types.removeIf(t -> t.name().endsWith("$CoCompletion") || t.name().endsWith("$Signaller"));
        return types;
    }

    private Map<ObjectRef, ObjectRef> sourcesByFunction() {
        Map<ObjectRef, ObjectRef> sources = new HashMap<>();
        stages.stream().filter(s -> s.fn() != null && !s.sources().isEmpty())
                .forEach(s -> sources.putIfAbsent(s.fn(), s.sources().get(0)));
        return sources;
    }

    /** Captured values the tasks will show. */
    @Override
    public Collection<HeapValue> shownValues() {
        List<HeapValue> shown = new ArrayList<>();
        functions.values().forEach(f -> shown.addAll(f.values().values()));
        return shown;
    }

    @Override
    public List<Task> tasks(ValueReader values) {
        List<Task> tasks = new ArrayList<>();
        for (FutureNode future : graph.futures) {
            if (future.pending) {
                tasks.add(task(future, values));
            }
        }
        return tasks;
    }

    private Task task(FutureNode future, ValueReader values) {
        List<Frame> frames = new ArrayList<>();
        List<WaitEdge> waits = new ArrayList<>();
        String name = null;
        for (StageEdge edge : future.producedBy) {
            PendingStage stage = edge.stage;
            ObjectFields function = stage.fn() == null ? null : functions.get(stage.fn());
            LambdaOrigins.Origin origin = function == null ? null : origins.of(function.object().type(), function);
            if (origin != null) {
                frames.add(new Frame(origin.function(), origin.file(), origin.line(),
                        origin.captured(function, values), stage.kind() + " stage"));
            }
            if (name == null) {
                name = stage.kind() + (origin == null ? "" : "(" + shortName(origin.function()) + ")");
            }
            for (WaitEdge wait : waitsOf(edge)) {
                // anyOf pushes one completion per source, each naming all sources.
                if (waits.stream().noneMatch(w -> w.target() != null && w.target().equals(wait.target()))) {
                    waits.add(wait);
                }
            }
        }
        String producer = producers.get(future.fields.object());
        if (producer != null) {
            waits.add(new WaitEdge(WaitEdge.Kind.THREAD, producer, null, "computed by its async task, running on " + producer));
            name = name == null ? "supplyAsync (running)" : name;
        } else if (future.producedBy.isEmpty()) {
            String completer = findings.get(Findings.FUTURE_COMPLETERS).get(future.fields.object());
            waits.add(completer != null
                    ? new WaitEdge(WaitEdge.Kind.PUBLISHER, completer, new Resource("publisher", completer, future.fields.object().type().name()),
                            "completed by Reactor pipeline " + completer + " (toFuture)")
                    : new WaitEdge(WaitEdge.Kind.COMPLETION, null, null,
                            "nothing pending computes it: only an explicit complete() call can finish it"));
        }
        List<Fact> facts = new ArrayList<>();
        int length = future.before + future.after + 1;
        if (length >= 2) {
            facts.add(new Fact(Fact.Kind.CHAIN, "stage " + (future.before + 1) + " of " + length));
        }
        List<String> owned = ownedStages.getOrDefault(future.fields.object(), List.of());
        if (!future.dependents.isEmpty() || !owned.isEmpty()) {
            Set<String> stages = new LinkedHashSet<>();
            future.dependents.forEach(d -> stages.add(d.stage.kind() + " → " + (d.dep == null ? null : d.dep.id)));
            owned.forEach(owner -> stages.add("fromFuture → " + owner));
            facts.add(new Fact(Fact.Kind.PENDING_STAGES, String.join(", ", stages)));
        }
        return new Task(future.id, TaskKind.FUTURE, name == null ? "CompletableFuture" : name,
                PENDING, null, frames, waits, List.of(), List.of(), facts);
    }

    private List<WaitEdge> waitsOf(StageEdge edge) {
        PendingStage stage = edge.stage;
        if (stage.isAsyncTask()) {
            // A task that started running has unlinked itself from its future; this one still waits in a queue.
            ExecutorQueues.Queued queued = findings.get(ExecutorQueues.QUEUED).get(stage.completion());
            if (queued == null) {
                return List.of(new WaitEdge(WaitEdge.Kind.EXECUTOR, null, null, stage.kind() + " task is queued in an executor"));
            }
            // With one worker, that thread must finish what it runs first: the wait goes on through it.
            String worker = queued.workers().size() == 1 ? ids.taskOf(queued.workers().get(0)) : null;
            return List.of(new WaitEdge(WaitEdge.Kind.EXECUTOR, worker, null, stage.kind() + " task is " + queued.description()
                    + (worker == null ? "" : ", behind what its only thread " + worker + " runs")));
        }
        List<WaitEdge> waits = new ArrayList<>(edge.sources.size());
        for (int i = 0; i < edge.sources.size(); i++) {
            FutureNode source = edge.sources.get(i);
            if (source != null && source.pending) {
                waits.add(new WaitEdge(WaitEdge.Kind.FUTURE, source.id, new Resource("future", source.id, stage.sources().get(i).type().name()),
                        stage.kind() + " waits for CompletableFuture " + source.id));
            }
        }
        return waits;
    }

    private static String shortName(String function) {
        int method = function.lastIndexOf('.');
        int type = function.lastIndexOf('.', method - 1);
        String qualified = function.substring(type + 1);
        return qualified.substring(qualified.lastIndexOf('$') + 1);
    }

    private static final TaskState PENDING = new TaskState(TaskState.Phase.WAITING, "pending");

    /** A future is pending until its {@code result} is set; only pending ones are tasks. */
    private static boolean pending(ObjectFields future) {
        return future.ref("result") == null;
    }

    /** A future the stage graph knows, with the stages on either side of it. */
    private static final class FutureNode {
        final ObjectFields fields;
        final String id;
        final boolean pending;
        final List<StageEdge> producedBy = new ArrayList<>(1);
        final List<StageEdge> dependents = new ArrayList<>(1);
        /** Its place on a linear chain of single-source stages: futures before and after it, -1 until counted. */
        int before = -1;
        int after = -1;

        FutureNode(ObjectFields fields, String id) {
            this.fields = fields;
            this.id = id;
            this.pending = pending(fields);
        }

        /** The one future a single-source stage completing this one waits for, or null. */
        FutureNode previous() {
            if (producedBy.size() != 1 || producedBy.get(0).sources.size() != 1) {
                return null;
            }
            return producedBy.get(0).sources.get(0);
        }

        /** The future the only stage waiting for this one completes, or null. */
        FutureNode next() {
            return dependents.size() == 1 ? dependents.get(0).dep : null;
        }
    }

    /** A pending stage between the futures it waits for and the one it completes (null where unread). */
    private record StageEdge(PendingStage stage, FutureNode dep, List<FutureNode> sources) {}

    /**
     * Every future read, in id order, linked through the pending stages once: a future's stages,
     * its sources and its place on a chain are then a field away, not a map lookup each.
     */
    private static final class StageGraph {
        final List<FutureNode> futures;

        StageGraph(List<FutureNode> read, List<PendingStage> stages) {
            futures = IdOrder.of(read, f -> f.fields.object().id());
            Map<ObjectRef, FutureNode> byRef = new HashMap<>(futures.size() * 4 / 3 + 1);
            futures.forEach(node -> byRef.put(node.fields.object(), node));
            for (PendingStage stage : stages) {
                List<FutureNode> sources = new ArrayList<>(stage.sources().size());
                stage.sources().forEach(s -> sources.add(byRef.get(s)));
                StageEdge edge = new StageEdge(stage, byRef.get(stage.dep()), sources);
                if (edge.dep != null) {
                    edge.dep.producedBy.add(edge);
                }
                sources.forEach(s -> {
                    if (s != null) {
                        s.dependents.add(edge);
                    }
                });
            }
            futures.forEach(StageGraph::countBefore);
            futures.forEach(StageGraph::countAfter);
        }

        /**
         * Counts along the chain once for all its futures: walking it for each future costs the square
         * of a chain's length, and chains of 100,000 stages are a bug report away. A cycle (it takes
         * thenCompose returning an earlier future) ends the count where it closes.
         */
        private static void countBefore(FutureNode future) {
            List<FutureNode> path = new ArrayList<>();
            FutureNode at = future;
            while (at != null && at.before < 0) {
                at.before = 0;          // on the path: a cycle back to it stops here
                path.add(at);
                at = at.previous();
            }
            int count = at == null ? -1 : at.before;
            for (int i = path.size() - 1; i >= 0; i--) {
                path.get(i).before = ++count;
            }
        }

        private static void countAfter(FutureNode future) {
            List<FutureNode> path = new ArrayList<>();
            FutureNode at = future;
            while (at != null && at.after < 0) {
                at.after = 0;
                path.add(at);
                at = at.next();
            }
            int count = at == null ? -1 : at.after;
            for (int i = path.size() - 1; i >= 0; i--) {
                path.get(i).after = ++count;
            }
        }
    }
}
