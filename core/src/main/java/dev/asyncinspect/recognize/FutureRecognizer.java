package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.model.Fact;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CompletableFuture stage graphs as tasks. Starts from the pending completions (every pending
 * stage is one, found by class in one request each) rather than from the futures, so only futures
 * that something waits for or depends on are read.
 */
public final class FutureRecognizer {

    static final String FUTURE = "java.util.concurrent.CompletableFuture";

    private final HeapView heap;
    private final TaskIds ids;
    private final LambdaOrigins origins;

    private final List<PendingStage> stages = new ArrayList<>();
    private final Map<ObjectRef, ObjectFields> futures = new LinkedHashMap<>();
    private final Map<ObjectRef, ObjectFields> functions = new HashMap<>();
    private Map<ObjectRef, String> producers = Map.of();

    public FutureRecognizer(HeapView heap, TaskIds ids, LambdaOrigins origins) {
        this.heap = heap;
        this.ids = ids;
        this.origins = origins;
    }

    /**
     * @param joined    futures that threads block on in get/join
     * @param producers futures that running async tasks will complete, by the id of the thread running each
     */
    public void discover(Collection<ObjectRef> joined, Map<ObjectRef, String> producers) {
        this.producers = producers;
        List<ObjectRef> completions = heap.instances(enumerated(heap));
        Map<ObjectRef, ObjectFields> read = heap.fields(completions);
        Map<ObjectRef, ArrayContents> anyOfSources = heap.arrays(
                read.values().stream().map(c -> c.ref("srcs")).filter(r -> r != null).toList(), Integer.MAX_VALUE);
        for (ObjectFields completion : read.values()) {
            ObjectRef srcs = completion.ref("srcs");
            List<ObjectRef> extra = srcs == null || !anyOfSources.containsKey(srcs) ? List.of()
                    : anyOfSources.get(srcs).first().stream().map(HeapValue::asObject).filter(r -> r != null).toList();
            PendingStage stage = PendingStage.of(completion, extra);
            if (stage != null) {
                stages.add(stage);
            }
        }
        Set<ObjectRef> involved = new LinkedHashSet<>(joined);
        involved.addAll(producers.keySet());
        for (PendingStage stage : stages) {
            involved.add(stage.dep());
            involved.addAll(stage.sources());
        }
        futures.putAll(heap.fields(involved));
        futures.keySet().forEach(f -> ids.assign(f, TaskIds.futureId(f)));
        functions.putAll(heap.fields(stages.stream().map(PendingStage::fn).filter(f -> f != null).distinct().toList()));
    }

    /** The classes whose instances this recognizer lists: pending stages, found by their completion objects. */
    static List<HeapClass> enumerated(HeapView heap) {
        List<HeapClass> types = new ArrayList<>(heap.withSubclasses(FUTURE + "$Completion"));
        types.addAll(heap.classesNamed(FUTURE + "$AsyncSupply"));
        types.addAll(heap.classesNamed(FUTURE + "$AsyncRun"));
        // A CoCompletion only points back at its BiCompletion, which is enumerated itself.
        types.removeIf(t -> t.name().endsWith("$CoCompletion") || t.name().endsWith("$Signaller"));
        return types;
    }

    /** The future each pending stage's function waits on: how a function object registered as a stage finds its future. */
    public Map<ObjectRef, ObjectRef> sourcesByFunction() {
        Map<ObjectRef, ObjectRef> sources = new HashMap<>();
        stages.stream().filter(s -> s.fn() != null && !s.sources().isEmpty())
                .forEach(s -> sources.putIfAbsent(s.fn(), s.sources().get(0)));
        return sources;
    }

    /** Captured values the tasks will show. */
    public Collection<HeapValue> shownValues() {
        List<HeapValue> shown = new ArrayList<>();
        functions.values().forEach(f -> shown.addAll(f.values().values()));
        return shown;
    }

    public List<Task> tasks(ValueReader values) {
        Map<ObjectRef, List<PendingStage>> producing = new HashMap<>();
        Map<ObjectRef, List<PendingStage>> dependents = new HashMap<>();
        for (PendingStage stage : stages) {
            producing.computeIfAbsent(stage.dep(), k -> new ArrayList<>()).add(stage);
            stage.sources().forEach(s -> dependents.computeIfAbsent(s, k -> new ArrayList<>()).add(stage));
        }
        Chains chains = new Chains(producing, dependents);
        List<Task> tasks = new ArrayList<>();
        // in id order (an id is "f" and the object's id)
        for (ObjectFields future : futures.values().stream().sorted(Comparator.comparingLong(f -> f.object().id())).toList()) {
            String state = state(future);
            if (!state.equals("pending")) {
                continue;
            }
            tasks.add(task(future, producing.getOrDefault(future.object(), List.of()),
                    dependents.getOrDefault(future.object(), List.of()), chains, values));
        }
        return tasks;
    }

    private Task task(ObjectFields future, List<PendingStage> producedBy, List<PendingStage> dependents,
                      Chains chains, ValueReader values) {
        ObjectRef self = future.object();
        List<Frame> frames = new ArrayList<>();
        List<WaitEdge> waits = new ArrayList<>();
        String name = null;
        for (PendingStage stage : producedBy) {
            LambdaOrigins.Origin origin = stage.fn() == null || !functions.containsKey(stage.fn()) ? null
                    : origins.of(stage.fn().type(), functions.get(stage.fn()));
            if (origin != null) {
                frames.add(new Frame(origin.function(), origin.file(), origin.line(),
                        captured(functions.get(stage.fn()), origin, values), stage.kind() + " stage"));
            }
            if (name == null) {
                name = stage.kind() + (origin == null ? "" : "(" + shortName(origin.function()) + ")");
            }
            for (WaitEdge wait : waitsOf(stage)) {
                // anyOf pushes one completion per source, each naming all sources.
                if (waits.stream().noneMatch(w -> w.target() != null && w.target().equals(wait.target()))) {
                    waits.add(wait);
                }
            }
        }
        String producer = producers.get(self);
        if (producer != null) {
            waits.add(new WaitEdge("thread", producer, null, "computed by its async task, running on " + producer));
            name = name == null ? "supplyAsync (running)" : name;
        } else if (producedBy.isEmpty()) {
            waits.add(new WaitEdge("completion", null, null,
                    "nothing pending computes it: only an explicit complete() call can finish it"));
        }
        List<Fact> facts = new ArrayList<>();
        chains.position(self).ifPresent(p -> facts.add(new Fact("chain", p)));
        if (!dependents.isEmpty()) {
            Set<String> stages = new LinkedHashSet<>();
            dependents.forEach(d -> stages.add(d.kind() + " → " + ids.taskOf(d.dep())));
            facts.add(new Fact("pending stages", String.join(", ", stages)));
        }
        return new Task(ids.taskOf(self), TaskKind.FUTURE, name == null ? "CompletableFuture" : name,
                "pending", null, frames, waits, List.of(), List.of(), facts);
    }

    private List<WaitEdge> waitsOf(PendingStage stage) {
        List<WaitEdge> waits = new ArrayList<>();
        if (stage.isAsyncTask()) {
            // A task that started running has unlinked itself from its future; this one still waits in a queue.
            waits.add(new WaitEdge("executor", null, null, stage.kind() + " task is queued in an executor"));
            return waits;
        }
        for (ObjectRef source : stage.sources()) {
            ObjectFields fields = futures.get(source);
            if (fields != null && state(fields).equals("pending")) {
                String id = ids.taskOf(source);
                waits.add(new WaitEdge("future", id, new Resource("future", id, source.type().name()),
                        stage.kind() + " waits for CompletableFuture " + id));
            }
        }
        return waits;
    }

    private static List<Variable> captured(ObjectFields fn, LambdaOrigins.Origin origin, ValueReader values) {
        List<Variable> variables = new ArrayList<>();
        for (String field : fn.values().keySet()) {
            String name = origin.capturedNames().get(field);
            if (name != null) {
                HeapValue value = fn.get(field);
                String type = value.asObject() != null ? value.asObject().type().name()
                        : values.value(value) instanceof dev.asyncinspect.model.Value.Primitive p ? p.type() : "?";
                variables.add(new Variable(name, type, values.value(value)));
            }
        }
        return variables;
    }

    private static String shortName(String function) {
        int method = function.lastIndexOf('.');
        int type = function.lastIndexOf('.', method - 1);
        String qualified = function.substring(type + 1);
        return qualified.substring(qualified.lastIndexOf('$') + 1);
    }

    static String state(ObjectFields future) {
        ObjectRef result = future.ref("result");
        if (result == null) {
            return "pending";
        }
        return result.type().name().endsWith("$AltResult") ? "completed exceptionally or with null" : "completed";
    }

    /** "stage k of n" for futures on a linear chain of single-source stages. */
    private static final class Chains {
        private final Map<ObjectRef, List<PendingStage>> producing;
        private final Map<ObjectRef, List<PendingStage>> dependents;

        Chains(Map<ObjectRef, List<PendingStage>> producing, Map<ObjectRef, List<PendingStage>> dependents) {
            this.producing = producing;
            this.dependents = dependents;
        }

        java.util.Optional<String> position(ObjectRef future) {
            int before = 0;
            Set<ObjectRef> seen = new java.util.HashSet<>();
            for (ObjectRef at = future; seen.add(at); ) {
                List<PendingStage> by = producing.getOrDefault(at, List.of());
                if (by.size() != 1 || by.get(0).sources().size() != 1) {
                    break;
                }
                at = by.get(0).sources().get(0);
                before++;
            }
            int after = 0;
            for (ObjectRef at = future; seen.add(at) || at == future; ) {
                List<PendingStage> next = dependents.getOrDefault(at, List.of());
                if (next.size() != 1) {
                    break;
                }
                at = next.get(0).dep();
                after++;
            }
            int length = before + after + 1;
            return length < 2 ? java.util.Optional.empty()
                    : java.util.Optional.of("stage " + (before + 1) + " of " + length);
        }
    }
}
