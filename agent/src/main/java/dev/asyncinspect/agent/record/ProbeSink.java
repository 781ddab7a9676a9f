package dev.asyncinspect.agent.record;

import dev.asyncinspect.agent.probe.Probes;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.TimelineEvent.Kind;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * What the installed probes call, on the app's threads: one event into the ring each, with the
 * state machine's label read then (it changes as the machine runs) and its coroutine found up its
 * completion chain, so coroutines that existed before the recording began are recorded too.
 */
final class ProbeSink implements Probes.Sink {

    /** How a future completed, in its event's value. */
    static final int NORMALLY = 0;
    static final int EXCEPTIONALLY = 1;
    static final int CANCELLED = 2;

    /** The completing methods' numbers, as the probes pass them (see {@link ProbeInstaller}). */
    static final int INTERNAL_COMPLETE = 0;
    static final int COMPLETE_NULL = 1;
    static final int COMPLETE_VALUE = 2;
    static final int COMPLETE_THROWABLE = 3;
    static final int COMPLETE_RELAY = 4;

    private static final int CHAIN_LIMIT = 256;
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final EventRing ring;
    private final ClassShapes shapes;
    private final Class<?> virtualThread;
    private final long futureResult;
    private final long altResultException;
    private final Class<?> altResult;
    private final Texts texts;

    ProbeSink(EventRing ring, ClassShapes shapes, Texts texts) throws ReflectiveOperationException {
        this.ring = ring;
        this.shapes = shapes;
        this.texts = texts;
        this.virtualThread = loadedOrNull("java.lang.VirtualThread");
        this.futureResult = ClassShapes.UNSAFE.objectFieldOffset(CompletableFuture.class.getDeclaredField("result"));
        this.altResult = Class.forName(CompletableFuture.class.getName() + "$AltResult", false, null);
        this.altResultException = ClassShapes.UNSAFE.objectFieldOffset(altResult.getDeclaredField("ex"));
    }

    private static Class<?> loadedOrNull(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException before21) {
            return null;
        }
    }

    @Override
    public void created(Object completion) {
        Object coroutine = coroutineOf(completion);
        ring.add(Kind.CREATED, System.nanoTime(), thread(), 0, System.identityHashCode(coroutine),
                shapes.of(coroutine.getClass()).number(), 0);
    }

    @Override
    public void resumed(Object frame) {
        machine(Kind.RESUMED, frame);
    }

    @Override
    public void suspended(Object frame) {
        machine(Kind.SUSPENDED, frame);
    }

    private void machine(Kind kind, Object frame) {
        long at = System.nanoTime();
        ClassShapes.Shape shape = shapes.of(frame.getClass());
        long[] local = ring.local();
        int hash = System.identityHashCode(frame);
        ring.add(local, kind, at, thread(), hash, taskOf(frame, hash, local), shape.number(), shape.label(frame));
    }

    /**
     * The frame's coroutine, from the thread's notes when it met the frame lately: a frame's way up
     * never changes, and a thread mostly runs the same few coroutines in turn. The notes are a small
     * table by the frame's hash, each the frame's hash and its coroutine's in one long.
     */
    private int taskOf(Object frame, int hash, long[] local) {
        int slot = EventRing.NOTE + (hash & (EventRing.NOTES - 1));
        long note = local[slot];
        if ((int) (note >>> 32) == hash && note != 0) {
            return (int) note;
        }
        int task = System.identityHashCode(coroutineOf(frame));
        local[slot] = ((long) hash << 32) | (task & 0xFFFF_FFFFL);
        return task;
    }

    /** The top of a completion chain: the coroutine (through the debug agent's owner and the runtime's relays). */
    private Object coroutineOf(Object continuation) {
        Object at = continuation;
        for (int hop = 0; hop < CHAIN_LIMIT; hop++) {
            Object next = shapes.of(at.getClass()).up(at);
            if (next == null) {
                return at;
            }
            at = next;
        }
        return at;
    }

    @Override
    public void completing(Object future, Object argument, int method) {
        // Only CompletableFuture's own methods call this, with their own receiver.
        if (ClassShapes.UNSAFE.getObjectVolatile(future, futureResult) != null) {
            return;         // already complete: this call changes nothing
        }
        int how = switch (method) {
            case COMPLETE_THROWABLE -> argument instanceof CancellationException ? CANCELLED : EXCEPTIONALLY;
            case INTERNAL_COMPLETE, COMPLETE_RELAY -> encoded(argument);
            default -> NORMALLY;
        };
        long at = System.nanoTime();
        int location = location();
        int hash = System.identityHashCode(future);
        ring.add(Kind.FUTURE_COMPLETED, at, thread(), hash, hash, location, how);
    }

    private int encoded(Object result) {
        if (result == null || result.getClass() != altResult) {
            return NORMALLY;
        }
        Object exception = ClassShapes.UNSAFE.getObject(result, altResultException);
        return exception == null ? NORMALLY : exception instanceof CancellationException ? CANCELLED : EXCEPTIONALLY;
    }

    /** The innermost frame of the user's code completing the future, as {@code function\nfile:line}, numbered; -1 when none. */
    private int location() {
        Optional<StackWalker.StackFrame> user = WALKER.walk(frames -> frames
                .filter(f -> !PlatformCode.contains(f.getClassName()) && !f.getClassName().startsWith("dev.asyncinspect.agent."))
                .findFirst());
        if (user.isEmpty()) {
            return -1;
        }
        StackWalker.StackFrame frame = user.get();
        return texts.number(frame.getClassName() + "." + frame.getMethodName() + "\n"
                + (frame.getFileName() == null ? "" : frame.getFileName() + ":" + frame.getLineNumber()));
    }

    private long thread() {
        Thread thread = Thread.currentThread();
        @SuppressWarnings("deprecation")
        long id = thread.getId();
        return thread.getClass() == virtualThread ? -id : id;
    }
}
