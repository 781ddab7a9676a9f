package dev.asyncinspect.jdi;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ClassType;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import dev.asyncinspect.recognize.kotlin.DebugMetadata;
import dev.asyncinspect.recognize.kotlin.RelayFields;
import dev.asyncinspect.recognize.kotlin.StateMachineLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kotlin state machines as seen from a stopped thread: whose continuation a frame holds, which
 * state it is in, which coroutine it belongs to. What breakpoints, conditions and recording share.
 */
final class StateMachines {

    static final String BASE_CONTINUATION = StateMachineLayout.BASE_CONTINUATION;

    private final JdiTarget target;
    private final Map<String, Optional<DebugMetadata>> metadata = new ConcurrentHashMap<>();
    private final Map<Long, ObjectReference> coroutineOfMachine = new ConcurrentHashMap<>();

    StateMachines(JdiTarget target) {
        this.target = target;
    }

    /** A suspend function's continuation is its last argument, or null when the frame has none. */
    static ObjectReference lastArgument(StackFrame frame) {
        Value last;
        try {
            List<Value> arguments = frame.getArgumentValues();
            last = arguments.isEmpty() ? null : arguments.get(arguments.size() - 1);
        } catch (com.sun.jdi.InternalException refused) {
            // Kotlin 1.9 leaves dead parameters out of the local table, and the JVM then refuses to read their
            // slots (INVALID_SLOT): the continuation is read from the caller that handed it over instead.
            last = handedBy(frame);
        }
        return last instanceof ObjectReference object && isContinuation(object) ? object : null;
    }

    /**
     * A frame's {@code this}, or null for a static or native one. Kotlin 1.9's local table leaves a
     * suspend lambda's {@code this} out where its resumed code runs, and the JVM then refuses to read
     * it: the lambda is then the resume loop's {@code current}, one frame down.
     */
    static ObjectReference receiver(StackFrame frame) {
        Method method = frame.location().method();
        if (method.isStatic() || method.isNative()) {
            return null;
        }
        try {
            return frame.thisObject();
        } catch (com.sun.jdi.InternalException refused) {
            try {
                List<StackFrame> frames = frame.thread().frames();
                int at = frames.indexOf(frame);
                StackFrame caller = at < 0 || at + 1 >= frames.size() ? null : frames.get(at + 1);
                if (caller == null || !caller.location().method().name().equals("resumeWith")
                        || !caller.location().declaringType().name().equals(BASE_CONTINUATION)) {
                    return null;
                }
                LocalVariable current = caller.visibleVariableByName("current");
                return current != null && caller.getValue(current) instanceof ObjectReference lambda ? lambda : null;
            } catch (IncompatibleThreadStateException | AbsentInformationException | RuntimeException unreadable) {
                return null;
            }
        }
    }

    /**
     * The continuation a frame's caller passed: a resume is a state machine's invokeSuspend passing
     * itself; a suspend lambda passes itself, a suspend function its own {@code $continuation}, a tail
     * call the {@code $completion} it was given.
     */
    private static Value handedBy(StackFrame frame) {
        try {
            List<StackFrame> frames = frame.thread().frames();
            int at = frames.indexOf(frame);
            if (at < 0 || at + 1 >= frames.size()) {
                return null;
            }
            StackFrame caller = frames.get(at + 1);
            Method method = caller.location().method();
            if (method.name().equals("invokeSuspend") && !method.isStatic()) {
                return receiver(caller);
            }
            // Its own state machine; or, from a tail call without one, the continuation it was handed itself.
            LocalVariable own = caller.visibleVariableByName("$continuation");
            LocalVariable handed = own != null ? own : caller.visibleVariableByName("$completion");
            return handed == null ? null : caller.getValue(handed);
        } catch (IncompatibleThreadStateException | AbsentInformationException | RuntimeException unreadable) {
            return null;
        }
    }

    static boolean isContinuation(ObjectReference object) {
        return object.referenceType() instanceof ClassType type
                && type.allInterfaces().stream().anyMatch(i -> i.name().equals("kotlin.coroutines.Continuation"));
    }

    static boolean ownContinuation(ObjectReference continuation, Method function) {
        return StateMachineLayout.ownContinuation(continuation.referenceType().name(), function.declaringType().name(),
                function.name());
    }

    static Value field(ObjectReference object, String name) {
        var field = object.referenceType().fieldByName(name);
        return field == null ? null : object.getValue(field);
    }

    /** The suspension point a state machine is at (1-based), or 0 before its first suspension. */
    static int state(ObjectReference machine) {
        return field(machine, StateMachineLayout.LABEL) instanceof IntegerValue label ? StateMachineLayout.state(label.value()) : 0;
    }

    /** The continuation class's DebugMetadata, with the source map of the class holding its code. */
    Optional<DebugMetadata> metadata(String className) {
        return metadata.computeIfAbsent(className, this::read);
    }

    private Optional<DebugMetadata> read(String className) {
        Optional<DebugMetadata> debug = target.classFile(className).flatMap(DebugMetadata::read);
        return debug.map(d -> target.classFile(d.className()).map(d::withCodeClass).orElse(d));
    }

    /** {@code pkg.Class.function} of a state machine, from its DebugMetadata when the class file is found. */
    String function(ObjectReference machine) {
        String className = machine.referenceType().name();
        return metadata(className).map(d -> d.className() + "." + d.method()).orElse(className + ".invokeSuspend");
    }

    /** file:line of a state machine's suspension point, or null. */
    String location(ObjectReference machine, int state) {
        return metadata(machine.referenceType().name()).filter(d -> state > 0).map(d -> d.file() + ":" + d.line(state - 1))
                .orElse(null);
    }

    /**
     * The coroutine whose code a thread runs: the one of the innermost frame that holds a state machine
     * (its own continuation, or its caller's on a first call or a tail call), of a suspend lambda's
     * invokeSuspend, or of the resumeWith that runs it all. Null when no frame belongs to a coroutine.
     */
    String coroutineRunning(ThreadReference thread) throws IncompatibleThreadStateException {
        for (StackFrame frame : thread.frames()) {
            Method method = frame.location().method();
            ObjectReference self = receiver(frame);
            if (method.declaringType().name().equals(BASE_CONTINUATION) && method.name().equals("resumeWith")) {
                return self == null ? null : coroutineOf(self);
            }
            if (self != null && method.name().equals("invokeSuspend") && isContinuation(self)) {
                return coroutineOf(self);
            }
            ObjectReference continuation = method.isNative() ? null : lastArgument(frame);
            if (continuation != null) {
                ObjectReference behind = unrelayed(continuation);
                return behind == null ? null : behind.referenceType().fieldByName(StateMachineLayout.COMPLETION) == null
                        ? target.coroutineId(behind) : coroutineOf(behind);
            }
        }
        return null;
    }

    /** Through the runtime's relays (the debug agent's owner, SafeContinuation…) to the state machine or coroutine behind. */
    private static ObjectReference unrelayed(ObjectReference continuation) {
        ObjectReference at = continuation;
        for (int depth = 0; at != null && depth < 8; depth++) {
            String relayField = RelayFields.of(at.referenceType().name());
            if (relayField == null) {
                return at;
            }
            at = field(at, relayField) instanceof ObjectReference next ? next : null;
        }
        return at;
    }

    /** The id of the coroutine at the top of a state machine's completion chain, or null. */
    String coroutineOf(ObjectReference machine) {
        ObjectReference coroutine = coroutineObjectOf(machine);
        return coroutine == null ? null : target.coroutineId(coroutine);
    }

    /** The coroutine at the top of a state machine's completion chain (fixed for the machine's lifetime), or null. */
    ObjectReference coroutineObjectOf(ObjectReference machine) {
        ObjectReference known = coroutineOfMachine.get(machine.uniqueID());
        if (known != null) {
            return known;
        }
        ObjectReference at = machine;
        for (int depth = 0; at != null && depth < 256; depth++) {
            if (!(field(at, StateMachineLayout.COMPLETION) instanceof ObjectReference next)) {
                return null;
            }
            next = unrelayed(next);
            if (next == null) {
                return null;
            }
            if (next.referenceType().fieldByName(StateMachineLayout.COMPLETION) == null) {
                coroutineOfMachine.put(machine.uniqueID(), next);
                return next;
            }
            at = next;
        }
        return null;
    }
}
