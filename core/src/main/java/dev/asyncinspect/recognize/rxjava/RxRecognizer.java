package dev.asyncinspect.recognize.rxjava;

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
import dev.asyncinspect.recognize.Recognizer;
import dev.asyncinspect.recognize.RunningOperators;
import dev.asyncinspect.recognize.StackNeeds;
import dev.asyncinspect.recognize.TaskBudget;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.recognize.bytecode.LambdaOrigins;
import dev.asyncinspect.recognize.executors.ExecutorQueues;
import dev.asyncinspect.recognize.executors.ScheduledRuns;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.text.Durations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * RxJava 3's subscribed chains as tasks of kind {@code reactive}, like Reactor's: one per chain of
 * observers that has not terminated, read from each waiting source (a timer, a create's emitter, a
 * subject's subscription) down to its consumer, its operators as frames with the user's lambdas, and
 * consumed by a thread in {@code blockingGet()}/{@code blockingFirst()}, a {@code subscribe(…)} or an
 * operator's inner observer.
 */
public final class RxRecognizer implements Recognizer {

    /** Observers read at most per snapshot: past it, chains are cut short and the gaps say so. */
    static final int MAX_NODES = 100_000;
    private static final TaskState SUBSCRIBED = new TaskState(TaskState.Phase.WAITING, "subscribed");
    private static final TaskState RUNNING = new TaskState(TaskState.Phase.RUNNING, "running");
    private static final String LATCH_SYNC = "sync";

    private final HeapView heap;
    private final TaskIds ids;
    private final List<String> gaps;
    private final Findings findings;
    private final LambdaOrigins origins;

    /** A chain that has not terminated: its sources' branches (each source first) down to one consumer. */
    private record Chain(List<List<ObjectFields>> branches, ObjectFields terminal, ObjectRef outer, String id) {
        ObjectFields source() {
            return branches.get(0).get(0);
        }
    }

    private List<Chain> live = List.of();
    private final Map<ObjectRef, ObjectFields> functions = new HashMap<>();
    private Map<ObjectRef, ScheduledRuns.Run> timers = Map.of();
    private final Map<ObjectRef, String> blockedThreads = new HashMap<>();
    private Map<String, RunningOperators.Running> running = Map.of();

    private final TaskBudget budget;

    public RxRecognizer(Recognizer.Scope scope) {
        this.heap = scope.heap();
        this.budget = scope.budget();
        this.ids = scope.ids();
        this.gaps = scope.gaps();
        this.findings = scope.findings();
        this.origins = new LambdaOrigins(heap);
    }

    /** A thread in blockingGet() has the blocking observer as its frame's receiver, a thread inside an operator the operator. */
    @Override
    public StackNeeds stackNeeds() {
        return StackNeeds.receivers(c -> c.startsWith(RxClasses.PACKAGE));
    }

    private static boolean isBlocking(String className) {
        return className.startsWith(RxClasses.PACKAGE + "internal.") && className.substring(className.lastIndexOf('.') + 1).startsWith("Blocking");
    }

    @Override
    public List<HeapClass> enumerated() {
        List<HeapClass> classes = new ArrayList<>();
        RxClasses.SOURCES.keySet().forEach(name -> classes.addAll(heap.classesNamed(name)));
        return classes;
    }

    @Override
    public void discover() {
        List<ObjectRef> seeds = new ArrayList<>(budget.admit("RxJava sources", heap.instances(enumerated())));
        // A chain with a thread inside it may have no waiting source (fromCallable, just): the operators on stacks start it too.
        findings.get(Findings.THREAD_SAMPLES).values().forEach(sample -> sample.frames().forEach(f -> {
            if (f.className().startsWith(RxClasses.PACKAGE + "internal.operators.") && RxClasses.isRx(f.thisObject())) {
                seeds.add(f.thisObject());
            }
        }));
        List<ObjectRef> sources = seeds.stream().distinct().toList();
        if (sources.isEmpty()) {
            return;
        }
        List<Chain> chains = walk(sources);
        Map<ObjectRef, ObjectFields> latches = heap.fields(chains.stream().map(c -> c.terminal().ref(LATCH_SYNC)).filter(Objects::nonNull).toList());
        List<Chain> running = chains.stream().filter(c -> !terminated(c, latches)).toList();
        ids.numbered(heap.taskNumbers(running.stream().map(c -> c.terminal().object()).toList()));
        List<Chain> found = new ArrayList<>();
        for (Chain chain : running) {
            String id = ids.pipelineIdOf(chain.terminal().object());
            ids.assign(chain.terminal().object(), id);
            found.add(new Chain(chain.branches(), chain.terminal(), chain.outer(), id));
        }
        live = found;
        readFunctions();
        Map<ObjectRef, ExecutorQueues.Queued> queued = findings.get(ExecutorQueues.QUEUED);
        Map<ObjectRef, ScheduledRuns.Run> runs = new HashMap<>(ScheduledRuns.read(heap, queued, RxRecognizer::isSchedulerTask, "runnable"));
        runs.putAll(ScheduledRuns.read(heap, queued, RxRecognizer::isSchedulerTask, "actual"));
        timers = runs;
        publish();
    }

    private static boolean isSchedulerTask(String className) {
        return className.startsWith(RxClasses.PACKAGE + "internal.schedulers.");
    }

    /** Every source's chain down to its consumer, all walked a step at a time; chains meeting at one consumer are one. */
    private List<Chain> walk(List<ObjectRef> sources) {
        Map<ObjectRef, ObjectFields> read = new HashMap<>(heap.fields(sources));
        List<List<ObjectFields>> walking = new ArrayList<>();
        // An operator of a stack that links to no observer is an assembly-time Single or Observable, not part of a chain.
        sources.stream().map(read::get).filter(s -> s != null && (RxClasses.SOURCES.containsKey(s.object().type().name())
                || RxClasses.downstream(s) != null)).forEach(s -> walking.add(new ArrayList<>(List.of(s))));
        List<List<ObjectFields>> ended = new ArrayList<>();
        int nodes = walking.size();
        while (!walking.isEmpty()) {
            List<ObjectRef> next = new ArrayList<>();
            for (List<ObjectFields> branch : walking) {
                ObjectRef down = RxClasses.downstream(branch.get(branch.size() - 1));
                if (down != null && !read.containsKey(down)) {
                    next.add(down);
                }
            }
            if (nodes + next.size() > MAX_NODES) {
                gaps.add("RxJava chains: read " + nodes + " observers, the most one snapshot reads; chains past them are cut short");
                ended.addAll(walking);
                break;
            }
            nodes += next.size();
            read.putAll(heap.fields(next.stream().distinct().toList()));
            List<List<ObjectFields>> still = new ArrayList<>();
            for (List<ObjectFields> branch : walking) {
                ObjectRef down = RxClasses.downstream(branch.get(branch.size() - 1));
                ObjectFields node = down == null ? null : read.get(down);
                if (node == null || branch.contains(node)) {
                    ended.add(branch);
                } else {
                    branch.add(node);
                    still.add(branch);
                }
            }
            walking.clear();
            walking.addAll(still);
        }
        Map<ObjectRef, List<List<ObjectFields>>> byTerminal = new LinkedHashMap<>();
        ended.forEach(b -> byTerminal.computeIfAbsent(b.get(b.size() - 1).object(), t -> new ArrayList<>()).add(b));
        List<Chain> chains = new ArrayList<>();
        byTerminal.forEach((terminal, branches) -> {
            // A walk from a stack's operator is part of one from further up: the longest comes first.
            branches.sort(Comparator.comparingInt((List<ObjectFields> b) -> b.size()).reversed());
            branches.removeIf(b -> branches.stream().anyMatch(longer -> longer != b && longer.size() > b.size()
                    && longer.subList(longer.size() - b.size(), longer.size()).equals(b)));
            ObjectFields end = branches.get(0).get(branches.get(0).size() - 1);
            chains.add(new Chain(branches, end, RxClasses.outer(end), null));
        });
        return chains;
    }

    /** Disposed anywhere along it, its subject's subscription let go, or its blocking consumer's latch down to zero. */
    private static boolean terminated(Chain chain, Map<ObjectRef, ObjectFields> latches) {
        for (List<ObjectFields> branch : chain.branches()) {
            ObjectFields source = branch.get(0);
            RxClasses.Source kind = RxClasses.SOURCES.get(source.object().type().name());
            if (kind != null && kind.kind() == RxClasses.Kind.SUBJECT
                    && source.primitive("value") instanceof Integer set && set != 0) {
                return true;
            }
            if (branch.stream().anyMatch(RxClasses::isDisposed)) {
                return true;
            }
        }
        ObjectFields latch = latches.get(chain.terminal().ref(LATCH_SYNC));
        return latch != null && latch.intValue("state", 1) == 0;
    }

    private void readFunctions() {
        List<ObjectRef> wanted = new ArrayList<>();
        live.forEach(c -> nodes(c).forEach(node -> node.values().forEach((field, value) -> {
            if (RxClasses.isFunction(field, value.asObject())) {
                wanted.add(value.asObject());
            }
        })));
        functions.putAll(heap.fields(wanted.stream().distinct().toList()));
        origins.unwrapAdapters(functions);
    }

    /** A chain's operators, each once, the sources' own branches first and then the first branch whole. */
    private static List<ObjectFields> nodes(Chain chain) {
        List<ObjectFields> first = chain.branches().get(0);
        Set<ObjectFields> shared = new HashSet<>(first);
        List<ObjectFields> all = new ArrayList<>();
        for (List<ObjectFields> branch : chain.branches().subList(1, chain.branches().size())) {
            branch.stream().filter(n -> !shared.contains(n) && !all.contains(n)).forEach(all::add);
        }
        all.addAll(first);
        return all;
    }

    private void publish() {
        Map<ObjectRef, String> byTerminal = new HashMap<>();
        live.forEach(c -> byTerminal.put(c.terminal().object(), c.id()));
        Map<String, WaitEdge> blocked = new HashMap<>();
        findings.get(Findings.THREAD_SAMPLES).forEach((thread, sample) -> {
            StackFrameSample get = sample.frames().stream().filter(f -> isBlocking(f.className())
                    && f.method().startsWith("blocking") && f.thisObject() != null).findFirst().orElse(null);
            String chain = get == null ? null : byTerminal.get(get.thisObject());
            if (chain != null) {
                String call = blockingCall(sample);
                blockedThreads.put(get.thisObject(), call + " on " + thread);
                blocked.put(thread, new WaitEdge(WaitEdge.Kind.PUBLISHER, chain, new Resource("publisher", chain, get.thisObject().type().name()),
                        "blocked in " + call + " on RxJava chain " + chain));
            }
        });
        findings.merge(Findings.BLOCKING_CALLS, blocked);
        readRunning();
    }

    /** The chains a thread is inside now: RxJava's own frames run operators, but blockingGet() only waits. */
    private void readRunning() {
        Map<ObjectRef, String> chainOf = new HashMap<>();
        live.forEach(c -> nodes(c).forEach(n -> chainOf.put(n.object(), c.id())));
        running = RunningOperators.of(findings.get(Findings.THREAD_SAMPLES), chainOf, c -> c.startsWith(RxClasses.PACKAGE) && !isBlocking(c));
    }

    /** What the user called: Single.blockingGet(), Flowable.blockingFirst(), …, the frame just outside RxJava's observer. */
    private static String blockingCall(ThreadSample sample) {
        return sample.frames().stream().filter(f -> f.className().startsWith(RxClasses.PACKAGE + "core."))
                .findFirst().map(f -> f.className().substring((RxClasses.PACKAGE + "core.").length()) + "." + f.method() + "()")
                .orElse("blockingGet()");
    }

    @Override
    public Collection<HeapValue> shownValues() {
        List<HeapValue> shown = new ArrayList<>();
        functions.values().forEach(f -> shown.addAll(f.values().values()));
        return shown;
    }

    @Override
    public List<Task> tasks(ValueReader values) {
        Map<ObjectRef, List<Chain>> innersOf = new HashMap<>();
        live.stream().filter(c -> c.outer() != null).forEach(c -> innersOf.computeIfAbsent(c.outer(), o -> new ArrayList<>()).add(c));
        List<Task> tasks = new ArrayList<>();
        for (Chain chain : live) {
            tasks.add(task(chain, innersOf, values));
        }
        tasks.sort(Comparator.comparingLong(t -> Long.parseLong(t.id().substring(1))));
        return tasks;
    }

    private Task task(Chain chain, Map<ObjectRef, List<Chain>> innersOf, ValueReader values) {
        List<Frame> frames = new ArrayList<>();
        List<WaitEdge> waits = new ArrayList<>();
        List<String> names = new ArrayList<>();
        RunningOperators.Running on = running.get(chain.id());
        for (ObjectFields node : nodes(chain)) {
            String name = RxClasses.name(node.object().type());
            boolean inner = node == chain.terminal() && chain.outer() != null;
            if (!inner) {
                names.add(name);
            }
            for (Chain innerChain : innersOf.getOrDefault(node.object(), List.of())) {
                waits.add(new WaitEdge(WaitEdge.Kind.PUBLISHER, innerChain.id(), new Resource("publisher", innerChain.id(),
                        innerChain.terminal().object().type().name()), name + " waits for its inner chain " + innerChain.id()));
            }
            String now = on != null && on.operator().equals(node.object()) ? ", running now on " + on.thread() : "";
            frames.add(frame(node, (inner ? name + "'s inner observer" : name + details(node)) + now, values));
        }
        if (on != null) {
            waits.add(0, new WaitEdge(WaitEdge.Kind.THREAD, on.thread(), null, "running in " + RxClasses.name(on.operator().type()) + " on " + on.thread()));
        } else {
            chain.branches().forEach(branch -> waits.add(sourceWait(branch.get(0))));
        }
        List<Fact> facts = new ArrayList<>(List.of(new Fact(Fact.Kind.SUBSCRIBER, subscriber(chain))));
        if (on != null) {
            facts.add(new Fact(Fact.Kind.RUNNING_ON, on.thread()));
        }
        String joined = String.join(" → ", names.size() <= 7 ? names
                : List.of(names.get(0), names.get(1), "…", names.get(names.size() - 2), names.get(names.size() - 1)));
        String name = chain.outer() == null ? joined : joined + " (inner of " + RxClasses.name(chain.outer().type()) + ")";
        return new Task(chain.id(), TaskKind.REACTIVE, name, on != null ? RUNNING : SUBSCRIBED, null, frames, waits, List.of(), List.of(), facts);
    }

    private Frame frame(ObjectFields node, String note, ValueReader values) {
        ObjectFields function = functionOf(node);
        LambdaOrigins.Origin origin = function == null ? null : origins.of(function.object().type(), function);
        if (origin != null && origin.line() > 0) {
            return new Frame(origin.function(), origin.file(), origin.line(), origin.captured(function, values), note);
        }
        // A lambda not placed (a heap dump's, of a shape several of its host's lambdas share) still shows what it captured.
        List<Variable> captured = new ArrayList<>();
        if (function != null) {
            function.values().forEach((field, value) -> captured.add(values.variable(field, value)));
        }
        String name = note.replaceAll("[^A-Za-z0-9_].*", "");
        return new Frame(RxClasses.apiCall(node.object().type(), name), null, -1, captured, note);
    }

    private ObjectFields functionOf(ObjectFields node) {
        for (Map.Entry<String, HeapValue> field : node.values().entrySet()) {
            ObjectRef value = field.getValue().asObject();
            if (RxClasses.isFunction(field.getKey(), value) && functions.containsKey(value)) {
                return functions.get(value);
            }
        }
        return null;
    }

    private String details(ObjectFields node) {
        ScheduledRuns.Run timer = timers.get(node.object());
        if (timer == null) {
            return "";
        }
        return timer.period() > 0 ? ", next tick " + timer.due() + " (every " + Durations.text(timer.period()) + ")" : ", fires " + timer.due();
    }

    /** What a chain's source waits for, in the user's words. */
    private WaitEdge sourceWait(ObjectFields source) {
        RxClasses.Source kind = RxClasses.SOURCES.get(source.object().type().name());
        if (kind == null) {
            return new WaitEdge(WaitEdge.Kind.PUBLISHER, null, null, "waits for " + RxClasses.name(source.object().type()) + " to signal");
        }
        return switch (kind.kind()) {
            case TIMER -> {
                ScheduledRuns.Run timer = timers.get(source.object());
                yield new WaitEdge(WaitEdge.Kind.DELAY, null, null, timer == null ? kind.describes() + " waits for its scheduler"
                        : kind.describes() + " fires " + timer.due() + " (" + timer.executor() + ")");
            }
            case EMITTER -> new WaitEdge(WaitEdge.Kind.SINK, null, new Resource("sink", "emitter@" + Long.toHexString(source.object().id()),
                    source.object().type().name()), "waits for the code holding its " + kind.describes() + " to emit");
            case SUBJECT -> {
                ObjectRef subject = source.ref("parent");
                String id = "subject@" + Long.toHexString((subject != null ? subject : source.object()).id());
                yield new WaitEdge(WaitEdge.Kind.SINK, null, new Resource("sink", id, subject != null ? subject.type().name() : source.object().type().name()),
                        "waits for " + kind.describes() + " " + id + " to emit");
            }
        };
    }

    /** Who consumes the chain, in the user's words. */
    private String subscriber(Chain chain) {
        if (chain.outer() != null) {
            return "inner of " + RxClasses.name(chain.outer().type());
        }
        String blocked = blockedThreads.get(chain.terminal().object());
        if (blocked != null) {
            return blocked;
        }
        ObjectFields consumer = functionOf(chain.terminal());
        if (consumer != null) {
            LambdaOrigins.Origin origin = origins.of(consumer.object().type(), consumer);
            return "subscribe(" + (origin.line() > 0 ? origin.file() + ":" + origin.line() : origin.function()) + ")";
        }
        ObjectRef down = chain.terminal().ref("downstream");
        return down != null ? "subscribe(" + down.type().simpleName() + ")" : RxClasses.name(chain.terminal().object().type()) + "()";
    }
}
