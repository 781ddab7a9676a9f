package dev.asyncinspect.recognize.reactor;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Project Reactor's subscribed pipelines as tasks of kind {@code reactive}: one per chain of operator
 * subscribers that has not terminated, its operators as frames (the source first, each with the
 * user's lambda, where it was written and what it captured), waiting for what its source waits for (a
 * CompletableFuture, a timer, a sink, a {@code mono {}} coroutine, an inner pipeline) and consumed by
 * a thread in {@code block()}, a {@code toFuture()}, a coroutine's {@code awaitSingle()} or a server.
 */
public final class ReactorRecognizer implements Recognizer {

    /** Operator subscribers read at most per snapshot: past it, pipelines are cut short and the gaps say so. */
    static final int MAX_NODES = 100_000;
    private static final String BLOCKING_GET = "blockingGet";
    private static final String MONO_COROUTINE = "kotlinx.coroutines.reactor.MonoCoroutine";
    private static final String AWAIT_SUBSCRIBER = "kotlinx.coroutines.reactive.AwaitKt$";
    private static final String AS_FLOW = "kotlinx.coroutines.reactive.ReactiveSubscriber";

    private final HeapView heap;
    private final TaskIds ids;
    private final List<String> gaps;
    private final Findings findings;
    private final LambdaOrigins origins;

    private List<Live> live = List.of();
    private final Map<ObjectRef, ObjectFields> functions = new HashMap<>();
    private final Map<ObjectRef, ObjectFields> assembly = new HashMap<>();
    private Map<ObjectRef, ScheduledRuns.Run> timers = Map.of();
    private final Map<ObjectRef, ObjectRef> createdBy = new HashMap<>();
    private final Map<ObjectRef, String> blockedThreads = new HashMap<>();
    private Map<ObjectRef, String> texts = Map.of();
    /** The queues operators buffer values in (publishOn's, flatMap's inners'). */
    private Map<ObjectRef, ObjectFields> queues = Map.of();
    /** Reactor Netty's server connections by the request each answers ("HTTP GET /stock/sku-4"). */
    private final Map<ObjectRef, String> requests = new HashMap<>();
    /** Reactor Netty's client requests by the connect sink their response completes, and the observers that tell them. */
    private final Map<ObjectRef, String> responses = new HashMap<>();
    private List<ObjectRef> clients = List.of();
    /** kotlinx await subscribers by the await a coroutine called ({@code awaitSingle}…). */
    private final Map<ObjectRef, String> awaits = new HashMap<>();

    private Map<String, RunningOperators.Running> running = Map.of();

    /** A pipeline that has not terminated, with its id. */
    private record Live(PipelineGraph.Pipeline pipeline, String id) {}

    private final TaskBudget budget;

    public ReactorRecognizer(Recognizer.Scope scope) {
        this.heap = scope.heap();
        this.budget = scope.budget();
        this.ids = scope.ids();
        this.gaps = scope.gaps();
        this.findings = scope.findings();
        this.origins = new LambdaOrigins(heap);
    }

    /** A thread in block() has the blocking subscriber as its frame's receiver, a thread inside an operator the operator. */
    @Override
    public StackNeeds stackNeeds() {
        return StackNeeds.receivers(c -> c.startsWith(Operators.PACKAGE));
    }

    @Override
    public List<HeapClass> enumerated() {
        List<HeapClass> classes = new ArrayList<>();
        Operators.SOURCES.forEach(name -> classes.addAll(heap.classesNamed(name)));
        Operators.CONSUMERS.forEach(name -> classes.addAll(heap.withSubclasses(name)));
        classes.addAll(heap.withSubclasses(Operators.FLUX_SINK));
        NettyRequests.CLIENT_OBSERVERS.forEach(name -> classes.addAll(heap.classesNamed(name)));
        return classes;
    }

    @Override
    public void discover() {
        List<ObjectRef> found = heap.instances(enumerated()).stream().distinct().toList();
        List<ObjectRef> seeds = budget.admit("Reactor sources", found.stream().filter(Operators::isReactor).toList());
        clients = found.stream().filter(r -> !Operators.isReactor(r)).toList();
        if (seeds.isEmpty()) {
            return;
        }
        PipelineGraph graph = PipelineGraph.read(heap, seeds, MAX_NODES);
        if (graph.truncated()) {
            gaps.add("Reactor pipelines: read " + graph.size() + " operator subscribers, the most one snapshot reads; pipelines past them are cut short");
        }
        Map<ObjectRef, ObjectFields> latches = heap.fields(graph.pipelines().stream().map(PipelineGraph.Pipeline::terminal)
                .filter(t -> heap.isA(t.object().type(), Operators.BLOCKING)).map(t -> t.ref("sync")).filter(Objects::nonNull).toList());
        List<PipelineGraph.Pipeline> running = graph.pipelines().stream().filter(p -> !terminated(p, latches) && !idleSlot(p)).toList();
        ids.numbered(heap.taskNumbers(running.stream().map(p -> p.terminal().object()).toList()));
        List<Live> alive = new ArrayList<>();
        for (PipelineGraph.Pipeline pipeline : running) {
            String id = ids.pipelineIdOf(pipeline.terminal().object());
            ids.assign(pipeline.terminal().object(), id);
            alive.add(new Live(pipeline, id));
        }
        live = alive;
        readFunctions();
        timers = ScheduledRuns.read(heap, findings.get(ExecutorQueues.QUEUED), c -> c.startsWith("reactor.core.scheduler."), "task");
        readCreators();
        readAwaits();
        readRequests();
        texts = heap.strings(live.stream().flatMap(p -> p.pipeline().nodes().stream())
                .map(n -> n.ref("timeoutDescription")).filter(Objects::nonNull).toList());
        queues = heap.fields(live.stream().flatMap(p -> p.pipeline().nodes().stream())
                .map(n -> n.ref("queue")).filter(Objects::nonNull).distinct().toList());
        publish();
    }

    /**
     * Terminated at its consumer (a latch counted down, a subscription swapped for the cancelled one, a
     * future completed) or cancelled at its source; an inner pipeline whose operator is gone is over too.
     */
    private static boolean terminated(PipelineGraph.Pipeline pipeline, Map<ObjectRef, ObjectFields> latches) {
        ObjectFields terminal = pipeline.terminal();
        ObjectFields source = pipeline.source();
        if (Operators.isCancelled(Operators.upstream(terminal)) || Operators.isCancelled(Operators.upstream(source))) {
            return true;
        }
        ObjectRef sync = terminal.ref("sync");
        if (sync != null && latches.containsKey(sync) && latches.get(sync).intValue("state", 1) == 0) {
            return true;
        }
        if (terminal.object().type().name().equals(Operators.TO_FUTURE) && terminal.ref("result") != null) {
            return true;
        }
        String type = source.object().type().name();
        return type.equals(Operators.DELAY) && (source.intValue("state", 0) & 0x40) != 0
                || type.equals(Operators.INTERVAL) && Boolean.TRUE.equals(source.primitive("cancelled"))
                || type.equals(Operators.FROM_FUTURE) && Boolean.TRUE.equals(source.primitive("cancelled"));
    }

    /** An inner subscriber a concatMap keeps ready between inners: nothing is subscribed to it. */
    private static boolean idleSlot(PipelineGraph.Pipeline pipeline) {
        return pipeline.nodes().size() == 1 && pipeline.outer() != null && Operators.upstream(pipeline.source()) == null;
    }

    /**
     * A server's connection subscribes the handler's pipeline; a client's completes the sink of its
     * connect (a {@code Mono.create}) once the response comes: Reactor Netty's keep the request of each.
     */
    private void readRequests() {
        Map<ObjectRef, ObjectFields> servers = heap.fields(live.stream().map(p -> p.pipeline().terminal().ref("actual"))
                .filter(a -> a != null && a.type().name().startsWith(NettyRequests.SERVER)).distinct().toList());
        NettyRequests.served(heap, servers.values()).forEach((connection, line) -> requests.put(connection, line + " (Reactor Netty)"));
        responses.putAll(NettyRequests.awaited(heap, heap.fields(clients).values()));
    }

    /** The user's functions each operator holds, and the assembly-time operator where a peek keeps its callbacks. */
    private void readFunctions() {
        List<ObjectRef> wanted = new ArrayList<>();
        List<ObjectRef> operators = new ArrayList<>();
        for (Live pipeline : live) {
            for (ObjectFields node : pipeline.pipeline().nodes()) {
                node.values().forEach((field, value) -> {
                    if (Operators.isFunction(field, value.asObject())) {
                        wanted.add(value.asObject());
                    }
                });
                ObjectRef parent = node.ref("parent");
                if (Operators.isReactor(parent) && !Operators.isInner(node)) {
                    operators.add(parent);
                }
            }
        }
        assembly.putAll(heap.fields(operators));
        assembly.values().forEach(op -> op.values().forEach((field, value) -> {
            if (Operators.isFunction(field, value.asObject())) {
                wanted.add(value.asObject());
            }
        }));
        functions.putAll(heap.fields(wanted.stream().distinct().toList()));
        origins.unwrapAdapters(functions);
    }

    /** Mono.create's sink keeps what it disposes of on cancel: for kotlinx's {@code mono {}}, the coroutine that produces the value. */
    private void readCreators() {
        Map<ObjectRef, ObjectRef> disposables = new HashMap<>();
        for (Live pipeline : live) {
            ObjectFields source = pipeline.pipeline().source();
            if (source.object().type().name().equals(Operators.MONO_SINK) && source.ref("disposable") != null) {
                disposables.put(source.ref("disposable"), source.object());
            }
        }
        heap.fields(disposables.keySet()).values().forEach(d -> {
            ObjectRef inner = d.ref("disposable");
            ObjectRef held = inner != null ? inner : d.object();
            if (held.type().name().equals(MONO_COROUTINE)) {
                createdBy.put(disposables.get(d.object()), held);
            }
        });
    }

    /** kotlinx's await subscriber keeps which await it serves ({@code SINGLE}, {@code FIRST}…) as an enum constant. */
    private void readAwaits() {
        Map<ObjectRef, ObjectFields> subscribers = heap.fields(live.stream().map(p -> p.pipeline().terminal().ref("actual"))
                .filter(a -> a != null && a.type().name().startsWith(AWAIT_SUBSCRIBER)).toList());
        Map<ObjectRef, ObjectFields> modes = heap.fields(subscribers.values().stream().map(s -> s.ref("$mode")).filter(Objects::nonNull).toList());
        Map<ObjectRef, String> names = heap.strings(modes.values().stream().map(m -> m.ref("name")).filter(Objects::nonNull).toList());
        subscribers.values().forEach(s -> {
            ObjectFields mode = modes.get(s.ref("$mode"));
            String name = mode == null ? null : names.get(mode.ref("name"));
            awaits.put(s.object(), name == null ? "awaitSingle/awaitFirst" : AWAITS.getOrDefault(name, "await"));
        });
    }

    private static final Map<String, String> AWAITS = Map.of("FIRST", "awaitFirst", "FIRST_OR_DEFAULT", "awaitFirstOrDefault",
            "LAST", "awaitLast", "SINGLE", "awaitSingle", "SINGLE_OR_DEFAULT", "awaitSingleOrDefault");

    private void publish() {
        Map<ObjectRef, String> byTerminal = new HashMap<>();
        Map<ObjectRef, String> stageOwners = new HashMap<>();
        Map<ObjectRef, String> completers = new HashMap<>();
        Map<ObjectRef, String> subscribed = new HashMap<>();
        for (Live pipeline : live) {
            ObjectFields terminal = pipeline.pipeline().terminal();
            byTerminal.put(terminal.object(), pipeline.id());
            if (terminal.object().type().name().equals(Operators.TO_FUTURE)) {
                completers.put(terminal.object(), pipeline.id());
            }
            ObjectRef actual = terminal.ref("actual");
            if (actual != null && !Operators.isReactor(actual)) {
                subscribed.put(actual, pipeline.id());
            }
        }
        // Every fromFuture registers itself as a stage on its future, live or done: its stage is never a task.
        for (ObjectRef subscription : heap.instances(heap.classesNamed(Operators.FROM_FUTURE))) {
            stageOwners.put(subscription, live.stream().filter(p -> p.pipeline().nodes().stream()
                    .anyMatch(n -> n.object().equals(subscription))).map(Live::id).findFirst().orElse("a finished Reactor pipeline"));
        }
        findings.merge(Findings.STAGE_OWNERS, stageOwners);
        findings.merge(Findings.FUTURE_COMPLETERS, completers);
        findings.merge(Findings.SUBSCRIBED, subscribed);
        Map<String, WaitEdge> blocked = new HashMap<>();
        findings.get(Findings.THREAD_SAMPLES).forEach((thread, sample) -> {
            StackFrameSample get = sample.frames().stream().filter(f -> f.className().equals(Operators.BLOCKING)
                    && f.method().equals(BLOCKING_GET) && f.thisObject() != null).findFirst().orElse(null);
            String pipeline = get == null ? null : byTerminal.get(get.thisObject());
            if (pipeline != null) {
                String call = blockingCall(sample);
                blockedThreads.put(get.thisObject(), call + " on " + thread);
                blocked.put(thread, new WaitEdge(WaitEdge.Kind.PUBLISHER, pipeline,
                        new Resource("publisher", pipeline, get.thisObject().type().name()),
                        "blocked in " + call + " on Reactor pipeline " + pipeline));
            }
        });
        findings.merge(Findings.BLOCKING_CALLS, blocked);
        readRunning();
    }

    /** The pipelines a thread is inside now: Reactor's own frames run operators, but block() only waits. */
    private void readRunning() {
        Map<ObjectRef, String> pipelineOf = new HashMap<>();
        live.forEach(p -> p.pipeline().nodes().forEach(n -> pipelineOf.put(n.object(), p.id())));
        running = RunningOperators.of(findings.get(Findings.THREAD_SAMPLES), pipelineOf,
                c -> c.startsWith(Operators.PACKAGE) && !c.equals(Operators.BLOCKING));
    }

    /** What the user called: Mono.block(), Flux.blockFirst(), …, the frame just outside Reactor's subscriber. */
    private static String blockingCall(ThreadSample sample) {
        return sample.frames().stream().filter(f -> f.className().equals("reactor.core.publisher.Mono")
                        || f.className().equals("reactor.core.publisher.Flux"))
                .findFirst().map(f -> f.className().substring(Operators.PACKAGE.length()) + "." + f.method() + "()").orElse("block()");
    }

    @Override
    public Collection<HeapValue> shownValues() {
        List<HeapValue> shown = new ArrayList<>();
        functions.values().forEach(f -> shown.addAll(f.values().values()));
        live.forEach(p -> p.pipeline().nodes().forEach(n -> shown.addAll(stateValues(n).values())));
        return shown;
    }

    @Override
    public List<Task> tasks(ValueReader values) {
        Map<ObjectRef, List<Live>> innersOf = new HashMap<>();
        live.stream().filter(p -> p.pipeline().outer() != null)
                .forEach(p -> innersOf.computeIfAbsent(p.pipeline().outer().object(), o -> new ArrayList<>()).add(p));
        List<Task> tasks = new ArrayList<>();
        for (Live pipeline : live) {
            if (!isTimer(pipeline)) {
                tasks.add(task(pipeline, innersOf, values));
            }
        }
        tasks.sort(java.util.Comparator.comparingLong(t -> Long.parseLong(t.id().substring(1))));
        return tasks;
    }

    private static boolean isCompanion(Live pipeline) {
        String type = pipeline.pipeline().terminal().object().type().name();
        return type.equals(Operators.PACKAGE + "FluxRetryWhen$RetryWhenOtherSubscriber") || type.equals(Operators.PACKAGE + "FluxRepeatWhen$RepeatWhenOtherSubscriber");
    }

    /** A timeout's timer is shown on its timeout operator, not as a pipeline of its own. */
    private static boolean isTimer(Live pipeline) {
        return pipeline.pipeline().terminal().object().type().name().equals(Operators.TIMEOUT_TIMER);
    }

    private Task task(Live live, Map<ObjectRef, List<Live>> innersOf, ValueReader values) {
        PipelineGraph.Pipeline pipeline = live.pipeline();
        List<Frame> frames = new ArrayList<>();
        List<WaitEdge> waits = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean innerActive = false;
        RunningOperators.Running runningOn = running.get(live.id());
        String runningIn = null;
        for (ObjectFields node : pipeline.nodes()) {
            if (Operators.isPlumbing(node)) {
                continue;
            }
            String name = opName(node);
            if (pipeline.outer() == null || node != pipeline.terminal()) {
                names.add(name);
            }
            List<String> notes = new ArrayList<>();
            for (Live inner : innersOf.getOrDefault(node.object(), List.of())) {
                if (isCompanion(inner)) {
                    // retryWhen's and repeatWhen's companion only tells when to subscribe again: the source is what is waited for.
                    notes.add("resubscribes when " + inner.id() + " signals");
                } else if (isTimer(inner)) {
                    ScheduledRuns.Run timer = timers.get(inner.pipeline().source().object());
                    String when = timer == null ? "" : " fires " + timer.due();
                    notes.add("fires " + (timer == null ? "when its timer does" : timer.due()));
                    waits.add(new WaitEdge(WaitEdge.Kind.DELAY, null, null, name + " " + timeoutOf(node) + when));
                } else {
                    innerActive = true;
                    waits.add(new WaitEdge(WaitEdge.Kind.PUBLISHER, inner.id(), new Resource("publisher", inner.id(),
                            inner.pipeline().terminal().object().type().name()), name + " waits for its inner pipeline " + inner.id()));
                }
            }
            if (runningOn != null && runningOn.operator().equals(node.object())) {
                notes.add("running now on " + runningOn.thread());
                runningIn = name;
            }
            frames.add(frame(node, name, notes, values));
        }
        RunningOperators.Running on = runningOn;
        if (on != null) {
            waits.add(0, new WaitEdge(WaitEdge.Kind.THREAD, on.thread(), null, "running in " + (runningIn != null ? runningIn : Operators.name(on.operator().type())) + " on " + on.thread()));
        } else if (!innerActive) {
            waits.add(0, sourceWait(pipeline.source()));
        }
        List<Fact> facts = new ArrayList<>();
        String subscriber = subscriber(pipeline);
        if (subscriber != null) {
            facts.add(new Fact(Fact.Kind.SUBSCRIBER, subscriber));
        }
        if (on != null) {
            facts.add(new Fact(Fact.Kind.RUNNING_ON, on.thread()));
        }
        return new Task(live.id(), TaskKind.REACTIVE, name(names, pipeline), on != null ? RUNNING : SUBSCRIBED, null,
                frames, waits, List.of(), List.of(), facts);
    }

    /** The operator as the user wrote it, where Reactor's class alone cannot say: a mono {} builder, a coroutine's await. */
    private String opName(ObjectFields node) {
        if (createdBy.containsKey(node.object())) {
            return "mono {}";
        }
        ObjectRef actual = node.ref("actual");
        String await = awaits.get(actual);
        return await != null ? await : actual != null && actual.type().name().equals(AS_FLOW) ? "asFlow" : Operators.name(node.object().type());
    }

    private static final TaskState SUBSCRIBED = new TaskState(TaskState.Phase.WAITING, "subscribed");
    private static final TaskState RUNNING = new TaskState(TaskState.Phase.RUNNING, "running");

    /** How the user would say the chain: {@code fromFuture → map → filter → flatMap → block}, long ones cut in the middle. */
    private static String name(List<String> operators, PipelineGraph.Pipeline pipeline) {
        List<String> shown = operators.size() <= 7 ? operators
                : List.of(operators.get(0), operators.get(1), "…", operators.get(operators.size() - 3),
                operators.get(operators.size() - 2), operators.get(operators.size() - 1));
        String chain = String.join(" → ", shown);
        return pipeline.outer() == null ? chain : chain + " (inner of " + Operators.name(pipeline.outer().object().type()) + ")";
    }

    private Frame frame(ObjectFields node, String name, List<String> notes, ValueReader values) {
        ObjectFields function = functionOf(node);
        LambdaOrigins.Origin origin = function == null ? null : origins.of(function.object().type(), function);
        List<Variable> variables = origin == null ? new ArrayList<>() : new ArrayList<>(origin.captured(function, values));
        stateValues(node).forEach((field, value) -> variables.add(values.variable(field, value)));
        String note = String.join(", ", prepend((Operators.isInner(node) ? name + "'s inner subscriber" : name) + details(node), notes));
        return origin != null ? new Frame(origin.function(), origin.file(), origin.line(), variables, note)
                : new Frame(Operators.apiCall(node.object().type(), name), null, -1, variables, note);
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private ObjectFields functionOf(ObjectFields node) {
        for (ObjectFields holder : List.of(node, assembly.getOrDefault(node.ref("parent"), node))) {
            for (Map.Entry<String, HeapValue> field : holder.values().entrySet()) {
                ObjectRef value = field.getValue().asObject();
                if (Operators.isFunction(field.getKey(), value) && functions.containsKey(value)) {
                    return functions.get(value);
                }
            }
        }
        return null;
    }

    /** The values an operator holds that a user asks about: the future waited on, a buffered value, a just's value. */
    private static Map<String, HeapValue> stateValues(ObjectFields node) {
        Map<String, HeapValue> shown = new java.util.LinkedHashMap<>();
        String type = node.object().type().name();
        if (type.equals(Operators.FROM_FUTURE)) {
            shown.put("future", node.get("future"));
        } else if (type.endsWith("$ZipInner") || type.endsWith("$DelayElementSubscriber") || type.endsWith("$ScalarSubscription")) {
            if (node.ref("value") != null) {
                shown.put("value", node.get("value"));
            }
        }
        return shown;
    }

    private String details(ObjectFields node) {
        String type = node.object().type().name();
        if (type.equals(Operators.TIMEOUT)) {
            return " " + timeoutOf(node);
        }
        if (type.equals(Operators.INTERVAL)) {
            ScheduledRuns.Run timer = timers.get(node.object());
            return timer == null ? "" : ", next tick " + timer.due() + " (every " + Durations.text(timer.period()) + ")";
        }
        if (type.equals(Operators.DELAY)) {
            ScheduledRuns.Run timer = timers.get(node.object());
            return timer == null ? "" : ", fires " + timer.due();
        }
        return flow(node);
    }

    /**
     * Where values stand at an operator: what downstream requested (when bounded: {@code requested 0} is
     * backpressure holding the source), how many wait in its queue, whether it is done or cancelled.
     */
    private String flow(ObjectFields node) {
        StringBuilder flow = new StringBuilder();
        if (node.primitive("requested") instanceof Long requested && requested != Long.MAX_VALUE) {
            // Some operators count what they delivered apart from what was asked: the demand left is the difference.
            if (node.primitive("produced") instanceof Long produced && produced > 0 && produced <= requested) {
                flow.append(", demand ").append(requested - produced).append(" (requested ").append(requested)
                        .append(", delivered ").append(produced).append(')');
            } else {
                flow.append(", requested ").append(requested);
            }
        }
        ObjectFields queue = queues.get(node.ref("queue"));
        if (queue != null) {
            long buffered = queue.has("producerIndex") ? queue.longValue("producerIndex", 0) - queue.longValue("consumerIndex", 0)
                    : queue.has("value") ? (queue.ref("value") != null ? 1 : 0) : -1;
            if (buffered > 0) {
                flow.append(", ").append(buffered).append(" buffered");
            }
        }
        if (Boolean.TRUE.equals(node.primitive("done"))) {
            flow.append(", done");
        }
        if (Boolean.TRUE.equals(node.primitive("cancelled"))) {
            flow.append(", cancelled");
        }
        return flow.toString();
    }

    /** A timeout's duration as Reactor describes it ("30000ms"), read as a string with the rest. */
    private String timeoutOf(ObjectFields timeout) {
        String description = texts.get(timeout.ref("timeoutDescription"));
        java.util.regex.Matcher millis = description == null ? null : MILLIS.matcher(description);
        return millis == null ? "" : millis.lookingAt() ? Durations.text(Long.parseLong(millis.group(1)) * 1_000_000) : description;
    }

    /** How Reactor describes a timeout: {@code 1800000ms in 'sinkOneMulticast'}. */
    private static final java.util.regex.Pattern MILLIS = java.util.regex.Pattern.compile("(\\d+)ms");

    /** What the pipeline's source waits for, in the user's words. */
    private WaitEdge sourceWait(ObjectFields source) {
        String type = source.object().type().name();
        if (type.equals(Operators.FROM_FUTURE)) {
            ObjectRef future = source.ref("future");
            String id = ids.taskOf(future);
            return new WaitEdge(WaitEdge.Kind.FUTURE, id, id == null ? null : new Resource("future", id, future.type().name()),
                    "fromFuture waits for CompletableFuture " + (id == null ? "(completed)" : id));
        }
        if (type.equals(Operators.DELAY) || type.equals(Operators.INTERVAL)) {
            ScheduledRuns.Run timer = timers.get(source.object());
            String what = type.equals(Operators.DELAY) ? "delay" : "interval";
            return new WaitEdge(WaitEdge.Kind.DELAY, null, null, timer == null ? what + " waits for its timer"
                    : what + " fires " + timer.due() + " (" + timer.executor() + ")");
        }
        if (responses.containsKey(source.object())) {
            return new WaitEdge(WaitEdge.Kind.SOCKET, null, null, "waits for the response to " + responses.get(source.object()) + " (Reactor Netty client)");
        }
        if (type.equals(Operators.MONO_SINK) || heap.isA(source.object().type(), Operators.FLUX_SINK)) {
            ObjectRef coroutine = createdBy.get(source.object());
            String id = coroutine == null ? null : ids.taskOf(coroutine);
            if (id != null) {
                return new WaitEdge(WaitEdge.Kind.COROUTINE, id, null, "waits for its mono {} coroutine " + id + " to return a value");
            }
            return new WaitEdge(WaitEdge.Kind.SINK, null, new Resource("sink", "sink@" + Long.toHexString(source.object().id()), type),
                    "waits for the code holding its " + (type.equals(Operators.MONO_SINK) ? "MonoSink" : "FluxSink")
                            + " (Mono.create/Flux.create) to emit");
        }
        ObjectRef sink = type.equals(Operators.PACKAGE + "SinkManyUnicast") ? source.object() : source.ref("parent");
        if (sink != null && sink.type().name().startsWith(Operators.PACKAGE + "Sink")) {
            String id = "sink@" + Long.toHexString(sink.id());
            return new WaitEdge(WaitEdge.Kind.SINK, null, new Resource("sink", id, sink.type().name()),
                    "waits for " + Operators.name(sink.type()) + "() " + id + " to be emitted to");
        }
        if (source.primitive("requested") instanceof Long requested && requested == 0) {
            return new WaitEdge(WaitEdge.Kind.PUBLISHER, null, null, Operators.name(source.object().type())
                    + " waits for demand: downstream has requested nothing more (backpressure)");
        }
        ObjectRef upstream = Operators.upstream(source);
        if (upstream != null && upstream.type().name().equals(Operators.EMPTY)) {
            return new WaitEdge(WaitEdge.Kind.COMPLETION, null, null, "its source is Mono.never()/Flux.never(): no signal will come");
        }
        if (upstream == null && !Operators.SOURCES.contains(type)) {
            return new WaitEdge(WaitEdge.Kind.PUBLISHER, null, null, Operators.name(source.object().type()) + " is not subscribed upstream yet");
        }
        if (upstream != null && !Operators.isReactor(upstream)) {
            return new WaitEdge(WaitEdge.Kind.PUBLISHER, null, null, "waits for its source, a " + upstream.type().simpleName() + " outside Reactor's operators, to signal");
        }
        return new WaitEdge(WaitEdge.Kind.PUBLISHER, null, null, "waits for " + Operators.name(source.object().type()) + " to signal");
    }

    /** Who consumes the pipeline, in the user's words. */
    private String subscriber(PipelineGraph.Pipeline pipeline) {
        ObjectFields terminal = pipeline.terminal();
        if (pipeline.outer() != null) {
            return "inner of " + Operators.name(pipeline.outer().object().type());
        }
        String blocked = blockedThreads.get(terminal.object());
        if (blocked != null) {
            return blocked;
        }
        String type = terminal.object().type().name();
        if (type.equals(Operators.TO_FUTURE)) {
            String future = ids.taskOf(terminal.object());
            return "toFuture()" + (future == null ? "" : " → " + future);
        }
        ObjectRef actual = terminal.ref("actual");
        if (actual != null && !Operators.isReactor(actual)) {
            return awaits.containsKey(actual) ? "a coroutine's " + awaits.get(actual) + "() (kotlinx-coroutines-reactive)"
                    : actual.type().name().equals(AS_FLOW) ? "a coroutine collecting it as a Flow (asFlow)"
                    : heap.isA(actual.type(), Operators.PACKAGE + "BaseSubscriber") ? "a BaseSubscriber, " + actual.type().name()
                    : requests.getOrDefault(actual, actual.type().simpleName());
        }
        ObjectFields consumer = functionOf(terminal);
        if (consumer != null) {
            LambdaOrigins.Origin origin = origins.of(consumer.object().type(), consumer);
            return "subscribe(" + (origin == null ? "…" : origin.file() + ":" + origin.line()) + ")";
        }
        return Operators.name(terminal.object().type()) + "()";
    }
}
