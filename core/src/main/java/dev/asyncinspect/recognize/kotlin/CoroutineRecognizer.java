package dev.asyncinspect.recognize.kotlin;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.ThreadSample;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.recognize.Findings;
import dev.asyncinspect.recognize.IdOrder;
import dev.asyncinspect.recognize.Recognizer;
import dev.asyncinspect.recognize.StackNeeds;
import dev.asyncinspect.recognize.TaskBudget;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.recognize.futures.FutureRecognizer;
import dev.asyncinspect.recognize.values.ValueReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kotlin coroutines as tasks, from the heap alone (no DebugProbes, no agent): every
 * {@code AbstractCoroutine} with its Job state, name, dispatcher and parent, and the chain of
 * suspend-function state machines ({@code completion} links) that is its async stack, decoded
 * with each continuation class's {@code @DebugMetadata}.
 */
public final class CoroutineRecognizer implements Recognizer {

    /** Locals the Kotlin compiler adds to every suspend function: its state machine, not the user's data. */
    private static final Set<String> MACHINERY = Set.of("$completion", "$continuation", "$result");
    /** A resume's receiver is the continuation it resumes: the running coroutine. */
    private static final StackNeeds RESUMES = new StackNeeds(
            c -> c.equals(StateMachineLayout.BASE_CONTINUATION), Map.of(), MACHINERY);
    private static final String ABSTRACT_COROUTINE = "kotlinx.coroutines.AbstractCoroutine";
    private static final String COMPLETED_CONTINUATION = "kotlin.coroutines.jvm.internal.CompletedContinuation";

    private final HeapView heap;
    private final TaskIds ids;
    private final List<String> gaps;
    private final Findings findings;
    private final Map<ObjectRef, ObjectFields> coroutines = new LinkedHashMap<>();
    private final Map<ObjectRef, ObjectFields> states = new HashMap<>();
    private final Map<ObjectRef, ObjectFields> contexts = new HashMap<>();
    private final Map<ObjectRef, String> names = new HashMap<>();
    private final Map<ObjectRef, ContextFacts> contextFacts = new HashMap<>();
    private final Map<ObjectRef, ObjectRef> parents = new HashMap<>();
    private final Map<ObjectRef, ObjectFields> continuations = new HashMap<>();
    private CompletionChains chains;
    private ProbeRecords probes = ProbeRecords.NONE;
    private final Map<HeapClass, Optional<ContinuationClass>> machines = new ConcurrentHashMap<>();
    private final Set<HeapClass> withoutClassFile = new HashSet<>();
    private final Set<HeapClass> reportedMissing = new HashSet<>();
    private final CoroutineWaits waits;
    private Resumptions resumptions = new Resumptions(Map.of(), List.of());

    /** A coroutine being resumed on a thread: its continuation, and the thread frames above the resume. */
    record Resumption(String threadId, List<StackFrameSample> frames) {}

    /** Resumptions by the continuation resumed, and those whose receiver the sample could not read. */
    record Resumptions(Map<ObjectRef, Resumption> named, List<Resumption> unnamed) {}

    private final TaskBudget budget;

    public CoroutineRecognizer(Recognizer.Scope scope) {
        this.heap = scope.heap();
        this.budget = scope.budget();
        this.ids = scope.ids();
        this.gaps = scope.gaps();
        this.findings = scope.findings();
        this.waits = new CoroutineWaits(heap, ids);
    }

    @Override
    public StackNeeds stackNeeds() {
        return RESUMES;
    }

    /** The classes whose instances this recognizer and its wait finder list. */
    @Override
    public List<HeapClass> enumerated() {
        List<HeapClass> classes = new ArrayList<>(heap.withSubclasses(ABSTRACT_COROUTINE));
        classes.addAll(heap.withSubclasses(StateMachineLayout.BASE_CONTINUATION));
        classes.addAll(CoroutineWaits.enumerated(heap));
        return classes;
    }

    @Override
    public void discover() {
        List<ObjectRef> found = budget.admit("coroutines", heap.instances(heap.withSubclasses(ABSTRACT_COROUTINE)));
        if (found.isEmpty()) {
            return;
        }
        coroutines.putAll(heap.fields(found));
        ids.numbered(heap.taskNumbers(coroutines.keySet()));
        coroutines.keySet().forEach(c -> ids.assign(c, ids.coroutineIdOf(c)));
        readStates();
        readContexts();
        readParents();
        readContinuations();
        chains = new CompletionChains(heap, coroutines, continuations);
        chains.unplaced().forEach((relay, count) -> gaps.add(count + " suspend call chain(s) pass through " + relay
                + ", a Continuation the tool does not follow, and their context names no one coroutine: those coroutines' stacks may stop short"));
        probes = ProbeRecords.read(heap, coroutines.keySet(), chains);
        resumptions = runningReceivers(resumed(findings.get(Findings.THREAD_SAMPLES)));
        waits.discover(coroutines, continuations, findings.get(FutureRecognizer.SOURCES_BY_FUNCTION), findings.get(Findings.SUBSCRIBED));
    }

    /** Continuations being resumed on threads: the receiver of each thread's outermost resumeWith. */
    private static Resumptions resumed(Map<String, ThreadSample> threads) {
        Map<ObjectRef, Resumption> named = new HashMap<>();
        List<Resumption> unnamed = new ArrayList<>();
        threads.forEach((thread, sample) -> {
            List<StackFrameSample> frames = sample.frames();
            for (int i = 0; i < frames.size(); i++) {
                StackFrameSample frame = frames.get(i);
                if (frame.className().equals(StateMachineLayout.BASE_CONTINUATION) && frame.method().equals("resumeWith")) {
                    Resumption resumption = new Resumption(thread, List.copyOf(frames.subList(0, i)));
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

    private void readStates() {
        List<ObjectRef> interesting = coroutines.values().stream().map(c -> JobStates.atomicRef(c, "_state"))
                .filter(s -> s != null && (s.type().name().equals("kotlinx.coroutines.Empty")
                        || s.type().name().equals("kotlinx.coroutines.JobSupport$Finishing")))
                .distinct().toList();
        states.putAll(heap.fields(interesting));
    }

    /** A coroutine's context is a chain of CombinedContexts, mostly shared with its siblings: read level by level. */
    private void readContexts() {
        List<ObjectRef> level = coroutines.values().stream().map(c -> c.ref("context")).filter(r -> r != null).distinct().toList();
        List<ObjectRef> coroutineNames = new ArrayList<>();
        while (!level.isEmpty()) {
            Map<ObjectRef, ObjectFields> read = heap.fields(level.stream().filter(r -> !contexts.containsKey(r)).toList());
            contexts.putAll(read);
            List<ObjectRef> next = new ArrayList<>();
            for (ObjectFields context : read.values()) {
                for (String field : List.of("left", "element")) {
                    ObjectRef part = context.ref(field);
                    if (part != null && part.type().name().equals("kotlin.coroutines.CombinedContext")) {
                        next.add(part);
                    } else if (part != null && part.type().name().equals("kotlinx.coroutines.CoroutineName")) {
                        coroutineNames.add(part);
                    }
                }
            }
            level = next.stream().distinct().toList();
        }
        Map<ObjectRef, ObjectFields> nameObjects = heap.fields(coroutineNames.stream().distinct().toList());
        Map<ObjectRef, String> texts = heap.strings(nameObjects.values().stream().map(n -> n.ref("name"))
                .filter(r -> r != null).toList());
        nameObjects.forEach((ref, fields) -> names.put(ref, texts.get(fields.ref("name"))));
    }

    private void readParents() {
        Map<ObjectRef, ObjectRef> handles = new HashMap<>();
        coroutines.values().forEach(c -> {
            ObjectRef handle = JobStates.atomicRef(c, "_parentHandle");
            if (handle != null) {
                handles.put(c.object(), handle);
            }
        });
        Map<ObjectRef, ObjectFields> read = heap.fields(handles.values().stream().distinct().toList());
        handles.forEach((child, handle) -> {
            ObjectFields node = read.get(handle);
            ObjectRef parent = node == null ? null : node.ref("job");
            if (parent != null && coroutines.containsKey(parent)) {
                parents.put(child, parent);
            }
        });
    }

    private void readContinuations() {
        for (ObjectFields continuation : heap.fields(heap.instances(heap.withSubclasses(StateMachineLayout.BASE_CONTINUATION))).values()) {
            ObjectRef completion = continuation.ref(StateMachineLayout.COMPLETION);
            if (completion != null) {     // a suspend lambda's factory instance has none
                continuations.put(continuation.object(), continuation);
            }
        }
    }

    /** What the frames will show: spilled locals and captured variables (not the other fields, not read here at all). */
    @Override
    public Collection<HeapValue> shownValues() {
        List<HeapValue> shown = new ArrayList<>();
        for (ObjectFields continuation : continuations.values()) {
            boolean tailCall = continuation.object().type().name().equals(StateMachineLayout.TAIL_CALL);
            for (String field : continuation.values().keySet()) {
                if (tailCall || StateMachineLayout.isSpilled(field) || StateMachineLayout.isCaptured(field)) {
                    shown.add(continuation.get(field));
                }
            }
        }
        return shown;
    }

    /** One coroutine's chain of state machines, outermost first, and the thread resuming it if one is. */
    private static final class Walk {
        final ObjectFields coroutine;
        final List<ObjectFields> chain;
        Resumption running;
        List<String> possiblyOn = List.of();

        Walk(ObjectFields coroutine, List<ObjectFields> chain, Resumption running) {
            this.coroutine = coroutine;
            this.chain = chain;
            this.running = running;
        }
    }

    @Override
    public List<Task> tasks(ValueReader values) {
        Map<ObjectRef, List<String>> children = new HashMap<>();
        parents.forEach((child, parent) -> children.computeIfAbsent(parent, p -> new ArrayList<>()).add(ids.taskOf(child)));
        // in id order (an id is "c" and the object's id)
        List<Walk> walks = new ArrayList<>(coroutines.size());
        for (ObjectFields coroutine : IdOrder.of(coroutines.values(), c -> c.object().id())) {
            walks.add(walk(coroutine));
        }
        placeUnnamedResumptions(walks);
        List<Task> tasks = new ArrayList<>(coroutines.size());
        for (Walk walk : walks) {
            tasks.add(task(walk, children.getOrDefault(walk.coroutine.object(), List.of()), values));
        }
        return MutexHolders.infer(tasks);
    }

    private Walk walk(ObjectFields coroutine) {
        List<ObjectFields> innermostFirst = new ArrayList<>();
        Resumption running = null;
        boolean placed = false;
        for (ObjectFields at = callee(coroutine.object()); innermostFirst.size() < 512; at = callee(at.object())) {
            if (at == null && !placed) {
                // the chain went through something not understood: go on below it, placed by its context
                placed = true;
                at = live(chains.placedByContext(coroutine.object()));
            }
            if (at == null) {
                break;
            }
            innermostFirst.add(at);
            running = resumptions.named().get(at.object());
            if (running != null) {
                break;      // a thread is resuming this one: whatever lies below it is a finished call's leftover
            }
        }
        Collections.reverse(innermostFirst);
        return new Walk(coroutine, innermostFirst, running);
    }

    /**
     * BaseContinuationImpl.resumeWith resumes a chain in a loop: once the state machine it was called on
     * completes, it goes on with that one's caller in the same frame, its receiver unchanged. The state
     * machine it runs is the first up the completion chain that is not finished (released, or with no frame
     * of its own above the resume).
     */
    private Resumptions runningReceivers(Resumptions sampled) {
        Map<ObjectRef, Resumption> named = new HashMap<>();
        sampled.named().forEach((receiver, resumption) -> {
            ObjectFields at = continuations.get(receiver);
            for (int depth = 0; at != null && depth < 256 && finished(at, resumption); depth++) {
                ObjectFields caller = continuations.get(at.ref(StateMachineLayout.COMPLETION));
                if (caller == null) {
                    break;
                }
                at = caller;
            }
            named.putIfAbsent(at == null ? receiver : at.object(), resumption);
        });
        return new Resumptions(named, sampled.unnamed());
    }

    private boolean finished(ObjectFields continuation, Resumption resumption) {
        if (released(continuation)) {
            return true;
        }
        String invoke = continuation.object().type().name() + ".invokeSuspend";
        String function = function(continuation.object().type());
        return resumption.frames().stream().noneMatch(f -> f.function().equals(invoke) || f.function().equals(function));
    }

    /**
     * A thread resuming a coroutine whose receiver its sample could not name (a compiled frame keeps no
     * {@code this} the agent can read) runs the coroutine whose state machines it is inside: matched by
     * function. Where several coroutines could be the one, none is called running and each says so.
     */
    private void placeUnnamedResumptions(List<Walk> walks) {
        if (resumptions.unnamed().isEmpty()) {
            return;
        }
        Map<Resumption, List<Walk>> candidates = new HashMap<>();
        for (Walk walk : walks) {
            if (walk.running != null || walk.chain.isEmpty()) {
                continue;
            }
            Set<String> functions = new HashSet<>();
            walk.chain.forEach(c -> functions.add(function(c.object().type())));
            for (Resumption resumption : resumptions.unnamed()) {
                if (resumption.frames().stream().anyMatch(f -> functions.contains(f.function()))) {
                    candidates.computeIfAbsent(resumption, r -> new ArrayList<>()).add(walk);
                }
            }
        }
        candidates.forEach((resumption, matched) -> {
            if (matched.size() == 1) {
                matched.get(0).running = resumption;
            } else {
                List<String> ids = matched.stream().map(w -> this.ids.coroutineIdOf(w.coroutine.object())).toList();
                matched.forEach(w -> w.possiblyOn = List.of(resumption.threadId()));
                gaps.add("thread " + resumption.threadId() + " is resuming one of " + String.join(", ", ids)
                        + " (its sample cannot say which): they are shown as the heap has them, possibly torn");
            }
        });
    }

    /** The function a state machine class runs, as a thread frame names it. */
    private String function(HeapClass type) {
        if (type.name().equals(StateMachineLayout.TAIL_CALL)) {
            return type.name();
        }
        ContinuationClass machine = machine(type);
        return machine == null ? type.name() + ".invokeSuspend" : machine.function();
    }

    /**
     * The state machine called from this one, if any. A finished call's continuation can linger on the
     * heap, alone or beside the live one: a state machine that completes is released ({@code intercepted}
     * set to CompletedContinuation), and one that never suspended is still at label 0. Of the rest, the
     * live one is the one a thread is resuming, else the one that suspended.
     */
    private ObjectFields callee(ObjectRef caller) {
        return live(chains.calleesOf(caller));
    }

    private ObjectFields live(List<ObjectFields> callees) {
        if (callees.isEmpty()) {
            return null;
        }
        if (callees.size() == 1) {
            return released(callees.get(0)) ? null : callees.get(0);
        }
        List<ObjectFields> candidates = callees.stream().filter(c -> !released(c)).toList();
        if (candidates.size() <= 1) {
            return candidates.isEmpty() ? null : candidates.get(0);
        }
        return candidates.stream().filter(c -> resumptions.named().containsKey(c.object())).findFirst()
                .or(() -> candidates.stream().filter(c -> c.intValue(StateMachineLayout.LABEL, 0) != 0).findFirst())
                .orElse(candidates.get(0));
    }

    private static boolean released(ObjectFields continuation) {
        ObjectRef intercepted = continuation.ref("intercepted");
        return intercepted != null && intercepted.type().name().equals(COMPLETED_CONTINUATION);
    }

    private Task task(Walk walk, List<String> children, ValueReader values) {
        ObjectFields coroutine = walk.coroutine;
        List<ObjectFields> innermostFirst = walk.chain;
        Resumption running = walk.running;
        ObjectRef self = coroutine.object();
        ObjectRef stateRef = JobStates.atomicRef(coroutine, "_state");
        CoroutineState state = JobStates.of(heap, stateRef, states.get(stateRef));
        List<Frame> frames = new ArrayList<>();
        List<Frame> machines = new ArrayList<>();
        boolean resuming = false;
        Set<Frame> reentering = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Frame> suspendedBefore = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ObjectFields continuation : innermostFirst) {
            int label = continuation.intValue(StateMachineLayout.LABEL, 0);
            boolean reenters = StateMachineLayout.reentering(label);
            resuming |= reenters;
            if (!CompletionChains.isMachinery(continuation.object())) {
                Frame machine = frame(continuation, values);
                machines.add(machine);
                if (reenters) {
                    reentering.add(machine);
                }
                if (StateMachineLayout.state(label) > 0) {
                    suspendedBefore.add(machine);
                }
            }
            CompletionChains.Passage passage = chains.passage(continuation.object());
            if (passage != null) {
                machines.addAll(relayFrames(self, passage));
            }
        }
        if (running != null) {
            // A state machine executing on the thread shows at its live line, with its state and spilled locals.
            for (StackFrameSample threadFrame : running.frames()) {
                Frame machine = machines.stream().filter(m -> m.function().equals(threadFrame.function())
                        || threadFrame.function().startsWith(m.function().replace(".invokeSuspend", ""))).findFirst().orElse(null);
                if (machine != null) {
                    machines.remove(machine);
                }
                // Re-entered to resume, it has not reached its suspension point's code yet: it is there, not at its first line.
                boolean atPoint = machine != null && reentering.contains(machine) && machine.line() > 0;
                List<Variable> live = values.locals(threadFrame, MACHINERY);
                frames.add(new Frame(threadFrame.function(), atPoint ? machine.file() : threadFrame.file(),
                        atPoint ? machine.line() : threadFrame.line(),
                        machine == null ? live : reentering.contains(machine) ? machine.variables()
                                : liveOver(live, machine, suspendedBefore.contains(machine)),
                        machine == null ? null : machine.note()));
            }
        }
        frames.addAll(machines);
        CoroutineState shownState = state;
        if (state == CoroutineState.ACTIVE && running != null) {
            shownState = CoroutineState.RUNNING;
        } else if (state == CoroutineState.ACTIVE && !innermostFirst.isEmpty() && !resuming) {
            shownState = CoroutineState.SUSPENDED;
        }
        String builder = Builders.of(self.type().name());
        ContextFacts context = contextFacts(coroutine.ref("context"), 0);
        String name = context.name() != null ? context.name() : builder + "#" + self.id();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(Fact.Kind.BUILDER, builder));
        if (context.dispatcher() != null) {
            facts.add(new Fact(Fact.Kind.DISPATCHER, context.dispatcher()));
        }
        if (running != null) {
            facts.add(new Fact(Fact.Kind.RUNNING_ON, running.threadId()));
        }
        if (!walk.possiblyOn.isEmpty()) {
            facts.add(new Fact(Fact.Kind.POSSIBLY_RUNNING_ON, String.join(", ", walk.possiblyOn)));
        }
        facts.addAll(probes.facts(self, shownState));
        List<WaitEdge> edges = new ArrayList<>();
        if (shownState == CoroutineState.SUSPENDED && !innermostFirst.isEmpty()) {
            waits.of(innermostFirst.get(0).object()).ifPresent(edges::add);
        }
        if (edges.isEmpty() && (state == CoroutineState.COMPLETING || state == CoroutineState.CANCELLING)) {
            children.forEach(child -> edges.add(new WaitEdge(WaitEdge.Kind.CHILD, child, null, "waits for child " + child + " to complete")));
        }
        return new Task(ids.coroutineIdOf(self), TaskKind.COROUTINE, name, shownState.shown(), ids.taskOf(parents.get(self)), frames, edges,
                List.of(), List.of(), facts);
    }

    /**
     * A state machine running past its resume: its locals are live, the spilled fields fill in what the
     * frame does not show. A local that is null once it has suspended, and not among the spilled ones, is
     * a parameter the resume did not restore (the compiler passes null for it), not a value.
     */
    private static List<Variable> liveOver(List<Variable> live, Frame machine, boolean resumed) {
        Set<String> spilled = new HashSet<>();
        machine.variables().forEach(v -> spilled.add(v.name()));
        List<Variable> shown = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Variable local : live) {
            if (!(resumed && !spilled.contains(local.name()) && local.value() instanceof dev.asyncinspect.model.Value.Null)) {
                shown.add(local);
                names.add(local.name());
            }
        }
        machine.variables().stream().filter(v -> !names.contains(v.name())).forEach(shown::add);
        return shown;
    }

    /** The relays a chain passes on its way to its caller, each a frame that says what it is. */
    private List<Frame> relayFrames(ObjectRef coroutine, CompletionChains.Passage passage) {
        List<Frame> frames = new ArrayList<>();
        for (ObjectRef relay : passage.relays()) {
            String type = relay.type().name();
            if (passage.followed()) {
                frames.add(new Frame(type + ".resumeWith", null, -1, List.of(), "relays to its caller"));
            } else {
                frames.add(new Frame(type + ".resumeWith", null, -1, List.of(),
                        "not followed: the frames below are placed by their coroutine context"));
                gaps.add("async stack of " + ids.taskOf(coroutine) + " passes through " + type
                        + ", a Continuation the tool does not follow; the frames below it are placed by their coroutine context");
            }
        }
        return frames;
    }

    private Frame frame(ObjectFields continuation, ValueReader values) {
        HeapClass type = continuation.object().type();
        if (type.name().equals(StateMachineLayout.TAIL_CALL)) {
            return tailCall(continuation, values);
        }
        ContinuationClass machine = machine(type);
        int label = StateMachineLayout.state(continuation.intValue(StateMachineLayout.LABEL, 0));
        int point = label - 1;
        List<Variable> variables = new ArrayList<>();
        for (String field : continuation.values().keySet()) {
            if (StateMachineLayout.isCaptured(field)) {
                variables.add(values.variable(StateMachineLayout.capturedName(field), continuation.get(field)));
            }
        }
        if (machine == null) {
            // a class file without DebugMetadata (the runtime's own helper continuations) is no gap: there is nothing more to read
            if (withoutClassFile.contains(type) && reportedMissing.add(type)) {
                gaps.add("no DebugMetadata for " + type.name() + " (class file not found where the target's class loaders look)");
            }
            return new Frame(type.name() + ".invokeSuspend", null, -1, variables, "label " + label);
        }
        DebugMetadata debug = machine.debug();
        for (StateMachineLayout.Spill spill : StateMachineLayout.liveAt(debug, label)) {
            HeapValue value = continuation.has(spill.field()) ? continuation.get(spill.field()) : null;
            if (value != null && !(value.isNull() && spill.deadWhenNull())) {
                variables.add(values.variable(spill.name(), value));
            }
        }
        return new Frame(machine.function(), debug.file(), machine.line(point), variables, machine.note(point));
    }

    private ContinuationClass machine(HeapClass type) {
        Optional<ContinuationClass> known = machines.get(type);
        if (known == null) {
            known = debugMetadata(type).map(ContinuationClass::of);
            machines.put(type, known);
        }
        return known.orElse(null);
    }

    /**
     * A named suspend function's code, and so its source map for inlined lines, is in the class that
     * declares it ({@code c}), not in its continuation class; a suspend lambda's is in the lambda class.
     */
    private Optional<DebugMetadata> debugMetadata(HeapClass continuationClass) {
        return DebugMetadata.ofContinuation(continuationClass.name(), name -> {
            if (!name.equals(continuationClass.name())) {
                return heap.classesNamed(name).stream().findFirst().flatMap(heap::classFile);
            }
            Optional<byte[]> own = heap.classFile(continuationClass);
            if (own.isEmpty()) {
                withoutClassFile.add(continuationClass);
            }
            return own;
        });
    }

    /** Kotlin 2.3+ describes a tail-call suspend function's frame in plain fields instead of a state machine. */
    private static Frame tailCall(ObjectFields frame, ValueReader values) {
        String owner = text(frame.get("declaringClass"), values);
        String method = text(frame.get("methodName"), values);
        return new Frame(owner + "." + method, text(frame.get("fileName"), values), frame.intValue("lineNumber", -1),
                List.of(), "tail call");
    }

    private static String text(HeapValue value, ValueReader values) {
        return values.value(value) instanceof dev.asyncinspect.model.Value.Text t ? t.text() : "?";
    }

    /** The name and dispatcher a context gives, the innermost (most recently added) element winning. */
    private record ContextFacts(String name, String dispatcher) {
        static final ContextFacts NONE = new ContextFacts(null, null);

        ContextFacts over(ContextFacts outer) {
            return new ContextFacts(name != null ? name : outer.name, dispatcher != null ? dispatcher : outer.dispatcher);
        }
    }

    /** Siblings share all of their context but their own Job: each shared part is looked at once. */
    private ContextFacts contextFacts(ObjectRef context, int depth) {
        if (context == null || depth > 32) {
            return ContextFacts.NONE;
        }
        ContextFacts known = contextFacts.get(context);
        if (known != null) {
            return known;
        }
        ObjectFields combined = contexts.get(context);
        ContextFacts facts = combined == null ? element(context)
                : element(combined.ref("element")).over(contextFacts(combined.ref("left"), depth + 1));
        contextFacts.put(context, facts);
        return facts;
    }

    private ContextFacts element(ObjectRef element) {
        if (element == null) {
            return ContextFacts.NONE;
        }
        return new ContextFacts(names.get(element), heap.isA(element.type(), "kotlinx.coroutines.CoroutineDispatcher")
                ? Builders.dispatcher(element.type().name()) : null);
    }
}
