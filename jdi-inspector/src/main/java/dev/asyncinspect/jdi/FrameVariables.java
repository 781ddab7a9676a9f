package dev.asyncinspect.jdi;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.recognize.kotlin.DebugMetadata;
import dev.asyncinspect.recognize.kotlin.StateMachineLayout;
import java.util.Optional;

/**
 * One variable of the frame a stop is about, read from that frame alone: what a breakpoint
 * condition needs, for a few round trips instead of a snapshot of the whole target. The frame is
 * the one a stop shows first (the innermost of the user's own code); a state machine's variables
 * are its spilled fields at its current suspension point, as snapshots show them.
 */
final class FrameVariables {

    private final StateMachines machines;
    private final TargetValues values;

    FrameVariables(StateMachines machines, TargetValues values) {
        this.machines = machines;
        this.values = values;
    }

    /** The variable named so in the stopped thread's focus frame; empty when it is not in scope. */
    Optional<Variable> find(ThreadReference thread, String name) throws IncompatibleThreadStateException {
        for (StackFrame frame : thread.frames()) {
            Method method = frame.location().method();
            String type = method.declaringType().name();
            if (type.equals(StateMachines.BASE_CONTINUATION) && method.name().equals("resumeWith")) {
                // About to resume: the state machine is this continuation; its code is not on the stack yet.
                return spilled(frame.thisObject(), name);
            }
            if (!PlatformCode.contains(type)) {
                ObjectReference machine = machineOf(frame, method);
                Optional<Variable> spilled = spilled(machine, name);
                if (spilled.isPresent()) {
                    return spilled;
                }
                // Once suspended, a null parameter the resume did not restore is no value (the compiler passes null).
                Optional<Variable> local = local(frame, name);
                boolean unrestored = machine != null && StateMachines.state(machine) > 0
                        && local.map(v -> v.value() instanceof dev.asyncinspect.model.Value.Null).orElse(false);
                return unrestored ? Optional.empty() : local;
            }
        }
        return Optional.empty();
    }

    /** The state machine whose code a frame runs: a resumed suspend function's own continuation, or a suspend lambda. */
    private static ObjectReference machineOf(StackFrame frame, Method method) {
        ObjectReference continuation = StateMachines.lastArgument(frame);
        if (continuation != null && StateMachines.ownContinuation(continuation, method)) {
            return continuation;
        }
        ObjectReference self = StateMachines.receiver(frame);
        return method.name().equals("invokeSuspend") && self != null && StateMachines.isContinuation(self) ? self : null;
    }

    private Optional<Variable> spilled(ObjectReference machine, String name) {
        if (machine == null) {
            return Optional.empty();
        }
        Value captured = StateMachines.field(machine, StateMachineLayout.capturedField(name));
        if (captured != null) {
            return Optional.of(variable(name, captured));
        }
        Optional<DebugMetadata> debug = machines.metadata(machine.referenceType().name());
        if (debug.isEmpty()) {
            return Optional.empty();
        }
        for (StateMachineLayout.Spill spill : StateMachineLayout.liveAt(debug.get(), StateMachines.state(machine))) {
            if (spill.name().equals(name)) {
                Value value = StateMachines.field(machine, spill.field());
                return value == null && spill.deadWhenNull() ? Optional.empty() : Optional.of(variable(name, value));
            }
        }
        return Optional.empty();
    }

    private Optional<Variable> local(StackFrame frame, String name) {
        try {
            LocalVariable local = frame.visibleVariableByName(name);
            return local == null ? Optional.empty() : Optional.of(variable(name, frame.getValue(local)));
        } catch (AbsentInformationException noLocals) {
            return Optional.empty();
        }
    }

    private Variable variable(String name, Value value) {
        return new Variable(name, value == null ? "?" : value.type().name(), values.read(value));
    }
}
