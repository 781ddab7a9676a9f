package dev.asyncinspect.recognize.rxjava;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What RxJava 3's run-time objects are. A subscribed chain is one observer (or subscriber) per
 * operator, each holding its downstream ({@code downstream}, or {@code t} in a few Single operators);
 * the upstream link is missing in many Single and Maybe operators, so chains are read from the source
 * down. Inner observers (a flatMap's) point at their operator through {@code parent} or, as non-static
 * inner classes, {@code this$0}.
 */
final class RxClasses {

    static final String PACKAGE = "io.reactivex.rxjava3.";
    private static final String OPS = PACKAGE + "internal.operators.";
    static final String DISPOSED = PACKAGE + "internal.disposables.DisposableHelper";
    static final String CANCELLED = PACKAGE + "internal.subscriptions.SubscriptionHelper";

    /** Where waits start: timers, create's emitters and subjects' subscriptions, each the source of a chain. */
    static final Map<String, Source> SOURCES = Map.ofEntries(
            timer(OPS + "single.SingleTimer$TimerDisposable"), timer(OPS + "maybe.MaybeTimer$TimerDisposable"),
            timer(OPS + "completable.CompletableTimer$TimerDisposable"), timer(OPS + "observable.ObservableTimer$TimerObserver"),
            timer(OPS + "observable.ObservableInterval$IntervalObserver"), timer(OPS + "observable.ObservableIntervalRange$IntervalRangeObserver"),
            timer(OPS + "flowable.FlowableTimer$TimerSubscriber"), timer(OPS + "flowable.FlowableInterval$IntervalSubscriber"),
            timer(OPS + "flowable.FlowableIntervalRange$IntervalRangeSubscriber"),
            emitter(OPS + "single.SingleCreate$Emitter", "SingleEmitter (Single.create)"),
            emitter(OPS + "maybe.MaybeCreate$Emitter", "MaybeEmitter (Maybe.create)"),
            emitter(OPS + "completable.CompletableCreate$Emitter", "CompletableEmitter (Completable.create)"),
            emitter(OPS + "observable.ObservableCreate$CreateEmitter", "ObservableEmitter (Observable.create)"),
            emitter(OPS + "flowable.FlowableCreate$BufferAsyncEmitter", "FlowableEmitter (Flowable.create)"),
            emitter(OPS + "flowable.FlowableCreate$LatestAsyncEmitter", "FlowableEmitter (Flowable.create)"),
            emitter(OPS + "flowable.FlowableCreate$DropAsyncEmitter", "FlowableEmitter (Flowable.create)"),
            emitter(OPS + "flowable.FlowableCreate$ErrorAsyncEmitter", "FlowableEmitter (Flowable.create)"),
            emitter(OPS + "flowable.FlowableCreate$MissingEmitter", "FlowableEmitter (Flowable.create)"),
            subject(PACKAGE + "subjects.PublishSubject$PublishDisposable"), subject(PACKAGE + "subjects.BehaviorSubject$BehaviorDisposable"),
            subject(PACKAGE + "subjects.ReplaySubject$ReplayDisposable"), subject(PACKAGE + "subjects.SingleSubject$SingleDisposable"),
            subject(PACKAGE + "subjects.MaybeSubject$MaybeDisposable"), subject(PACKAGE + "subjects.CompletableSubject$CompletableDisposable"),
            subject(PACKAGE + "processors.PublishProcessor$PublishSubscription"),
            subject(PACKAGE + "processors.BehaviorProcessor$BehaviorSubscription"));

    /** A source's kind: what it waits for. */
    enum Kind { TIMER, EMITTER, SUBJECT }

    record Source(Kind kind, String describes) {}

    /** Fields holding the downstream observer, by how operators name them. */
    static final List<String> DOWNSTREAM = List.of("downstream", "t", "actual");
    /** Fields of an inner observer that point at the operator it reports to. */
    static final List<String> OUTER = List.of("parent", "this$0");
    /** Fields holding a user's function (besides any lambda object found in another field). */
    static final Set<String> FUNCTIONS = Set.of("mapper", "predicate", "filter", "zipper", "combiner", "onNext", "onSuccess",
            "onError", "onComplete", "onCallback", "onEvent", "onSubscribe", "onDispose", "onFinally", "function", "keySelector");

    private static final Pattern TYPE = Pattern.compile("^(Flowable|Observable|Single|Maybe|Completable|Parallel)");
    /** Run-time names that are not what the user wrote. */
    private static final Map<String, String> USER_NAMES = Map.of("filterSingle", "filter", "blockingMultiObserver", "blockingGet",
            "blockingFirstSubscriber", "blockingFirst", "blockingLastSubscriber", "blockingLast", "blockingFirstObserver", "blockingFirst",
            "blockingLastObserver", "blockingLast", "futureObserver", "toFuture", "futureMultiObserver", "toFuture");

    private RxClasses() {}

    private static Map.Entry<String, Source> timer(String name) {
        return Map.entry(name, new Source(Kind.TIMER, name.contains("Interval") ? "interval" : "timer"));
    }

    private static Map.Entry<String, Source> emitter(String name, String describes) {
        return Map.entry(name, new Source(Kind.EMITTER, describes));
    }

    private static Map.Entry<String, Source> subject(String name) {
        return Map.entry(name, new Source(Kind.SUBJECT, name.substring(name.lastIndexOf('.') + 1, name.indexOf('$'))));
    }

    static boolean isRx(ObjectRef object) {
        return object != null && object.type().name().startsWith(PACKAGE);
    }

    /** A subject or processor: what a subscription to it reports to, not an operator. */
    static boolean isSubject(ObjectRef object) {
        return object != null && (object.type().name().startsWith(PACKAGE + "subjects.") || object.type().name().startsWith(PACKAGE + "processors."));
    }

    /** The next observer down the chain, or null at its consumer. */
    static ObjectRef downstream(ObjectFields node) {
        return DOWNSTREAM.stream().map(node::ref).filter(RxClasses::isRx).findFirst().orElse(null);
    }

    /** The operator an inner observer reports to, or null. */
    static ObjectRef outer(ObjectFields node) {
        return OUTER.stream().map(node::ref).filter(r -> isRx(r) && !isSubject(r)).findFirst().orElse(null);
    }

    /** Whether the node was disposed or cancelled: RxJava swaps in its one DISPOSED or CANCELLED constant, or sets a flag. */
    static boolean isDisposed(ObjectFields node) {
        ObjectRef value = node.ref("value");
        if (value != null && (value.type().name().equals(DISPOSED) || value.type().name().equals(CANCELLED))) {
            return true;
        }
        ObjectRef upstream = node.ref("upstream");
        if (upstream != null && (upstream.type().name().equals(DISPOSED) || upstream.type().name().equals(CANCELLED))) {
            return true;
        }
        return Boolean.TRUE.equals(node.primitive("disposed")) || Boolean.TRUE.equals(node.primitive("cancelled"));
    }

    /** {@code ObservableFlatMapSingle$FlatMapSingleObserver} → {@code flatMapSingle}; {@code SingleTimer} → {@code timer}. */
    static String name(HeapClass type) {
        String simple = type.name().substring(type.name().lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        String outer = nested > 0 ? simple.substring(0, nested) : simple;
        if (outer.endsWith("Subject") || outer.endsWith("Processor")) {
            return outer;
        }
        String raw = TYPE.matcher(outer).replaceFirst("");
        if (raw.isEmpty() || outer.startsWith("Lambda") || outer.startsWith("Consumer") || outer.startsWith("BiConsumer")
                || outer.startsWith("Callback") || outer.startsWith("Disposable")) {
            return "subscribe";
        }
        String step = Character.toLowerCase(raw.charAt(0)) + raw.substring(1);
        return USER_NAMES.getOrDefault(step, step);
    }

    /** The call the user made for an operator with no lambda of theirs: {@code Single.timer}, {@code Flowable.blockingFirst}. */
    static String apiCall(HeapClass type, String name) {
        String simple = type.name().substring(type.name().lastIndexOf('.') + 1);
        var owner = TYPE.matcher(simple);
        if (isSubjectType(type)) {
            return type.name().substring(0, type.name().indexOf('$')) + ".subscribe";
        }
        String base = owner.find() ? owner.group(1) : type.name().contains(".subscribers.") ? "Flowable" : "Single";
        return PACKAGE + "core." + base + "." + name;
    }

    private static boolean isSubjectType(HeapClass type) {
        return type.name().startsWith(PACKAGE + "subjects.") || type.name().startsWith(PACKAGE + "processors.");
    }

    /** Whether an object held by an operator is a function the user passed it. */
    static boolean isFunction(String field, ObjectRef value) {
        if (value == null || value.type().name().startsWith(PACKAGE)) {
            return false;
        }
        return FUNCTIONS.contains(field) || value.type().name().contains("$$Lambda");
    }
}
