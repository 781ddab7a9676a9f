package dev.asyncinspect.recognize.reactor;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Reactor's run-time objects are: the operator subscribers a subscribed pipeline is made of, the
 * fields that link them, and the names a user wrote them by. A subscribed chain is one subscriber per
 * operator, each holding its downstream in {@code actual} and its upstream subscription in {@code s}
 * (or a field of a similar name); inner subscribers (a flatMap's, a zip's, a timeout's timer) report to
 * their operator through {@code parent} or {@code main}.
 */
final class Operators {

    static final String PACKAGE = "reactor.core.publisher.";
    static final String CANCELLED = PACKAGE + "Operators$CancelledSubscription";
    static final String EMPTY = PACKAGE + "Operators$EmptySubscription";
    static final String BLOCKING = PACKAGE + "BlockingSingleSubscriber";
    static final String TO_FUTURE = PACKAGE + "MonoToCompletableFuture";
    static final String STRICT = PACKAGE + "StrictSubscriber";
    static final String FROM_FUTURE = PACKAGE + "MonoCompletionStage$MonoCompletionStageSubscription";
    static final String DELAY = PACKAGE + "MonoDelay$MonoDelayRunnable";
    static final String INTERVAL = PACKAGE + "FluxInterval$IntervalRunnable";
    static final String MONO_SINK = PACKAGE + "MonoCreate$DefaultMonoSink";
    static final String FLUX_SINK = PACKAGE + "FluxCreate$BaseSink";
    static final String TIMEOUT = PACKAGE + "FluxTimeout$TimeoutMainSubscriber";
    static final String TIMEOUT_TIMER = PACKAGE + "FluxTimeout$TimeoutTimeoutSubscriber";

    /** Where walks start: the sources and consumers a pipeline is found from (the operators between are read through). */
    static final List<String> SOURCES = List.of(FROM_FUTURE, DELAY, INTERVAL, MONO_SINK,
            PACKAGE + "SinkOneMulticast$NextInner", PACKAGE + "SinkEmptyMulticast$VoidInner",
            PACKAGE + "SinkManyBestEffort$DirectInner", PACKAGE + "SinkManyEmitterProcessor$EmitterInner",
            PACKAGE + "FluxPublish$PubSubInner", PACKAGE + "SinkManyUnicast",
            PACKAGE + "MonoCallable$MonoCallableSubscription", PACKAGE + "MonoSupplier$MonoSupplierSubscription",
            PACKAGE + "FluxSubscribeOnValue$ScheduledScalar", PACKAGE + "FluxSubscribeOnCallable$CallableSubscribeOnSubscription",
            PACKAGE + "FluxRange$RangeSubscription", PACKAGE + "FluxIterable$IterableSubscription", PACKAGE + "FluxArray$ArraySubscription");
    /** Consumers, with every subclass (a user's BaseSubscriber). */
    static final List<String> CONSUMERS = List.of(BLOCKING, TO_FUTURE, STRICT, FLUX_SINK,
            PACKAGE + "LambdaMonoSubscriber", PACKAGE + "LambdaSubscriber", PACKAGE + "BaseSubscriber",
            PACKAGE + "BlockingIterable$SubscriberIterator");

    /** Fields holding the subscription received from upstream, by how operators name them. */
    static final List<String> UPSTREAM = List.of("s", "subscription", "activeSubscription", "upstream");
    /** Fields of an inner subscriber that point at the operator it reports to. */
    static final List<String> OUTER = List.of("parent", "main");
    /** Arrays of inner subscribers an operator keeps (flatMap's, zip's). */
    static final List<String> INNERS = List.of("array", "subscribers");
    /** Fields holding the user's function of an operator (besides any lambda object found in another field). */
    static final Set<String> FUNCTIONS = Set.of("mapper", "predicate", "zipper", "combiner", "consumer", "callable",
            "supplier", "onNextCall", "onErrorCall", "onCompleteCall", "onSubscribeCall", "onCancelCall", "onRequestCall",
            "onAfterTerminateCall", "onFinally", "nextFactory", "handler", "accumulator", "keySelector", "valueSelector");

    private static final Pattern UNRELATED = Pattern.compile("Parallel|Flux|Mono|Publisher|Subscriber|Fuseable|Operator|Conditional");
    /** Run-time names that are not what the user wrote ({@code Scannable.stepName()} gives these). */
    private static final Map<String, String> USER_NAMES = Map.ofEntries(
            Map.entry("completionStage", "fromFuture"), Map.entry("ignoreThen", "then"), Map.entry("ignoreElements", "then"),
            Map.entry("peek", "doOn…"), Map.entry("peekTerminal", "doOnSuccess/doOnError"), Map.entry("callable", "fromCallable"),
            Map.entry("supplier", "fromSupplier"), Map.entry("subscribeOnValue", "subscribeOn"), Map.entry("subscribeOnCallable", "subscribeOn"),
            Map.entry("cacheTime", "cache"), Map.entry("lambda", "subscribe"), Map.entry("blocking", "block"),
            Map.entry("blockingOptional", "blockOptional"), Map.entry("blockingFirst", "blockFirst"),
            Map.entry("blockingLast", "blockLast"), Map.entry("blockingIterable", "toIterable"), Map.entry("toCompletableFuture", "toFuture"),
            Map.entry("strict", "subscribe"), Map.entry("sinkOneMulticast", "Sinks.one"), Map.entry("sinkEmptyMulticast", "Sinks.empty"),
            Map.entry("sinkManyBestEffort", "Sinks.many().directBestEffort"), Map.entry("sinkManyEmitterProcessor", "Sinks.many().multicast"),
            Map.entry("sinkManyUnicast", "Sinks.many().unicast"), Map.entry("sinkManyReplayProcessor", "Sinks.many().replay"),
            Map.entry("pubSub", "Sinks.many().multicast"), Map.entry("array", "fromArray"), Map.entry("iterable", "fromIterable"),
            Map.entry("base", "subscribe"), Map.entry("onAssembly", "checkpoint"));

    private Operators() {}

    static boolean isReactor(ObjectRef object) {
        return object != null && object.type().name().startsWith(PACKAGE);
    }

    /** A subscriber or subscription of a pipeline: not a sentinel, a sink or an assembly-time operator. */
    static boolean isNode(ObjectFields object) {
        String name = object.object().type().name();
        if (!name.startsWith(PACKAGE) || name.equals(CANCELLED) || name.equals(EMPTY) || isSink(name)) {
            return false;
        }
        return object.has("actual") || isInner(object) || UPSTREAM.stream().anyMatch(object::has) || object.has("ref");
    }

    /** Sinks hold pipelines' subscribers but are not operators of them. */
    private static boolean isSink(String name) {
        String simple = name.substring(PACKAGE.length());
        return (simple.startsWith("Sink") || simple.startsWith("Sinks")) && !simple.contains("$") && !simple.equals("SinkManyUnicast");
    }

    /** An inner subscriber: reports to its operator rather than to a downstream subscriber of its own. */
    static boolean isInner(ObjectFields node) {
        boolean outer = OUTER.stream().anyMatch(f -> isReactor(node.ref(f)) && !isSinkRef(node.ref(f)));
        return outer && (!node.has("actual") || simpleName(node.object().type()).endsWith("Inner"));
    }

    private static boolean isSinkRef(ObjectRef ref) {
        return ref != null && isSink(ref.type().name());
    }

    static ObjectRef outer(ObjectFields inner) {
        return OUTER.stream().map(inner::ref).filter(r -> isReactor(r) && !isSinkRef(r)).findFirst().orElse(null);
    }

    /** The subscription a node received from upstream, or null (not subscribed yet, or a source). */
    static ObjectRef upstream(ObjectFields node) {
        return UPSTREAM.stream().map(node::ref).filter(r -> r != null).findFirst().orElse(null);
    }

    static boolean isCancelled(ObjectRef subscription) {
        return subscription != null && subscription.type().name().equals(CANCELLED);
    }

    /** {@code FluxMap$MapConditionalSubscriber} → {@code map}, as {@code Scannable.stepName()} derives it, then as the user wrote it. */
    static String name(HeapClass type) {
        String outer = type.name().substring(type.name().lastIndexOf('.') + 1);
        int nested = outer.indexOf('$');
        String raw = UNRELATED.matcher(nested > 0 ? outer.substring(0, nested) : outer).replaceAll("");
        if (raw.isEmpty()) {
            return "subscribe";
        }
        String step = Character.toLowerCase(raw.charAt(0)) + raw.substring(1);
        return USER_NAMES.getOrDefault(step, step);
    }

    /**
     * The call the user made for an operator without a lambda of theirs ({@code Flux.interval},
     * {@code Mono.block}, kotlinx's {@code mono} and {@code awaitSingle}): a frame names a real method,
     * not the run-time class that carries it out.
     */
    static String apiCall(HeapClass type, String name) {
        String call = name.replaceAll("[^A-Za-z0-9_.].*", "");
        if (call.startsWith("Sinks.")) {
            return PACKAGE + call;
        }
        if (name.equals("mono {}")) {
            return "kotlinx.coroutines.reactor.MonoKt.mono";
        }
        if (name.equals("asFlow")) {
            return "kotlinx.coroutines.reactive.ReactiveFlowKt.asFlow";
        }
        if (call.startsWith("await")) {
            return "kotlinx.coroutines.reactive.AwaitKt." + call;
        }
        String simple = type.name().substring(type.name().lastIndexOf('.') + 1);
        String owner = simple.startsWith("Mono") || simple.startsWith("BlockingMono") || simple.startsWith("LambdaMono") ? "Mono"
                : simple.startsWith("Parallel") ? "ParallelFlux" : "Flux";
        return PACKAGE + owner + "." + call;
    }

    /** Whether an object held by an operator is a function the user passed it. */
    static boolean isFunction(String field, ObjectRef value) {
        if (value == null || value.type().name().startsWith("reactor.")) {
            return false;
        }
        return FUNCTIONS.contains(field) || value.type().name().contains("$$Lambda");
    }

    /** Machinery between operators that the user did not write: a serializing wrapper, context restoring. */
    static boolean isPlumbing(ObjectFields node) {
        String name = node.object().type().name();
        return name.equals(PACKAGE + "SerializedSubscriber") || name.startsWith(PACKAGE + "FluxContextWriteRestoringThreadLocals");
    }

    private static String simpleName(HeapClass type) {
        return type.name().substring(type.name().lastIndexOf('$') + 1);
    }
}
