package dev.asyncinspect.recognize.reactor;

import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.recognize.IdOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscribed pipelines of a heap: the operator subscribers reachable from the known sources and
 * consumers, read a step at a time for all of them together (a request per step, not per object), then
 * cut into pipelines at their consumers. A pipeline runs source first, as its frames do.
 */
final class PipelineGraph {

    /**
     * @param nodes  its operators, the source first and the consumer (whose object names it) last
     * @param outer  for an inner pipeline (a flatMap's, a zip's, a timeout's timer), the operator it reports to
     */
    record Pipeline(List<ObjectFields> nodes, ObjectFields outer) {
        ObjectFields terminal() {
            return nodes.get(nodes.size() - 1);
        }

        ObjectFields source() {
            return nodes.get(0);
        }
    }

    /** Further links than downstream, upstream and outer: a Mono flatMap's inner, flatMapMany's, a timeout's timer, delayUntil's trigger. */
    private static final List<String> OTHER_LINKS = List.of("second", "inner", "timeout", "triggerSubscriber");
    private static final String HOLDER = "java.util.concurrent.atomic.AtomicReference";
    private static final int MAX_INNERS = 256;

    private final Map<ObjectRef, ObjectFields> nodes = new HashMap<>();
    private final List<Pipeline> pipelines = new ArrayList<>();
    private boolean truncated;

    static PipelineGraph read(HeapView heap, Collection<ObjectRef> seeds, int maxNodes) {
        PipelineGraph graph = new PipelineGraph();
        graph.walk(heap, seeds, maxNodes);
        graph.cut();
        return graph;
    }

    List<Pipeline> pipelines() {
        return pipelines;
    }

    boolean truncated() {
        return truncated;
    }

    int size() {
        return nodes.size();
    }

    private void walk(HeapView heap, Collection<ObjectRef> seeds, int maxNodes) {
        Set<ObjectRef> seen = new HashSet<>(seeds);
        Set<ObjectRef> frontier = new LinkedHashSet<>(seeds);
        while (!frontier.isEmpty()) {
            if (nodes.size() >= maxNodes) {
                truncated = true;
                return;
            }
            Map<ObjectRef, ObjectFields> read = heap.fields(frontier);
            Set<ObjectRef> next = new LinkedHashSet<>();
            List<ObjectRef> innerArrays = new ArrayList<>();
            for (ObjectFields object : read.values()) {
                if (object.object().type().name().equals(HOLDER)) {
                    next.add(object.ref("value"));
                    continue;
                }
                if (!Operators.isNode(object)) {
                    continue;
                }
                nodes.put(object.object(), object);
                next.add(object.ref("actual"));
                Operators.UPSTREAM.forEach(f -> next.add(object.ref(f)));
                Operators.OUTER.forEach(f -> next.add(object.ref(f)));
                OTHER_LINKS.forEach(f -> next.add(object.ref(f)));
                ObjectRef holder = object.ref("ref");
                if (holder != null && holder.type().name().equals(HOLDER)) {
                    next.add(holder);
                }
                Operators.INNERS.stream().map(object::ref).filter(a -> a != null && a.type().name().endsWith("[]")).forEach(innerArrays::add);
            }
            heap.arrays(innerArrays, MAX_INNERS).values().forEach(a -> a.first().forEach(v -> next.add(v.asObject())));
            next.removeIf(r -> r == null || seen.contains(r) || !followed(r));
            seen.addAll(next);
            frontier = next;
        }
    }

    private static boolean followed(ObjectRef ref) {
        String name = ref.type().name();
        return name.equals(HOLDER) || Operators.isReactor(ref) && !name.equals(Operators.CANCELLED) && !name.equals(Operators.EMPTY);
    }

    /** The node each one signals, or null at a consumer or an inner subscriber. */
    private ObjectRef down(ObjectFields node) {
        if (Operators.isInner(node)) {
            return null;
        }
        ObjectRef actual = node.ref("actual");
        return actual != null && nodes.containsKey(actual) ? actual : null;
    }

    private void cut() {
        Map<ObjectRef, ObjectRef> terminalOf = new HashMap<>();
        Map<ObjectRef, List<ObjectRef>> upstreamOf = new HashMap<>();
        for (ObjectFields node : nodes.values()) {
            ObjectRef down = down(node);
            if (down != null) {
                upstreamOf.computeIfAbsent(down, d -> new ArrayList<>(1)).add(node.object());
            }
        }
        for (ObjectFields node : IdOrder.of(nodes.values(), n -> n.object().id())) {
            if (down(node) == null) {
                pipelines.add(pipeline(node, upstreamOf));
            }
        }
    }

    /** From the consumer up: where several operators signal one, the one it subscribed to is its upstream. */
    private Pipeline pipeline(ObjectFields terminal, Map<ObjectRef, List<ObjectRef>> upstreamOf) {
        List<ObjectFields> path = new ArrayList<>();
        Set<ObjectRef> onPath = new HashSet<>();
        for (ObjectFields at = terminal; at != null && onPath.add(at.object()); ) {
            path.add(at);
            List<ObjectRef> candidates = upstreamOf.getOrDefault(at.object(), List.of());
            ObjectRef subscribed = Operators.upstream(at);
            ObjectRef up = subscribed != null && candidates.contains(subscribed) ? subscribed : candidates.isEmpty() ? null : candidates.get(0);
            at = up == null ? null : nodes.get(up);
        }
        java.util.Collections.reverse(path);
        ObjectRef outer = Operators.isInner(terminal) ? Operators.outer(terminal) : null;
        return new Pipeline(path, outer == null ? null : nodes.get(outer));
    }

    ObjectFields node(ObjectRef ref) {
        return nodes.get(ref);
    }
}
