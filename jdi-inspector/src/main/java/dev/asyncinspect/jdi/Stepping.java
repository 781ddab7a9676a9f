package dev.asyncinspect.jdi;

import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import dev.asyncinspect.jdi.BreakRequests.Role;
import dev.asyncinspect.recognize.kotlin.StateMachineLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code step} and {@code finish}: the requests that lead to the stopped task's next transition, and
 * which of the events they bring is that transition.
 *
 * <p>A suspend function is entered again on every resume, with its own continuation as the last
 * argument (its first entry gets the caller's). The same state machine's next transition is the next
 * entry with that continuation; its completion is the caller's continuation resuming.
 */
final class Stepping {

    /**
     * @param breakpoint a task breakpoint whose next hit is the next transition, else 0
     * @param filtered   its requests are filtered to the state machine's own instance: any hit is the transition
     */
    private record Plan(Method function, ObjectReference own, ObjectReference caller, List<EventRequest> requests,
                        int breakpoint, boolean filtered) {}

    private final EventRequestManager requests;
    private Plan plan;

    Stepping(EventRequestManager requests) {
        this.requests = requests;
    }

    /** A task breakpoint already stops at each transition of its task: the next one is its next hit. */
    void toNextHitOf(int breakpoint) {
        clear();
        plan = new Plan(null, null, null, List.of(), breakpoint, false);
    }

    /**
     * @param policy   what the step's stop suspends, as the stop it starts from did
     * @param toCaller finish: until the state machine completes (its caller resumes), or a method returns
     */
    void prepare(ThreadReference thread, int policy, boolean toCaller) {
        clear();
        try {
            StackFrame frame = thread.frame(0);
            Method function = frame.location().method();
            ObjectReference self = StateMachines.receiver(frame);
            if (self != null && function.name().equals("invokeSuspend") && StateMachines.isContinuation(self)) {
                lambdaBody(thread, self, function, policy, toCaller);
                return;
            }
            ObjectReference continuation = StateMachines.lastArgument(frame);
            boolean resumed = continuation != null && StateMachines.ownContinuation(continuation, function);
            ObjectReference caller = resumed ? (ObjectReference) StateMachines.field(continuation, StateMachineLayout.COMPLETION) : continuation;
            List<EventRequest> made = new ArrayList<>();
            if (continuation == null) {      // a plain method: JDI steps it
                StepRequest step = requests.createStepRequest(thread, StepRequest.STEP_LINE,
                        toCaller ? StepRequest.STEP_OUT : StepRequest.STEP_OVER);
                step.addCountFilter(1);
                made.add(BreakRequests.tag(step, 0, Role.STEP, policy));
            } else if (toCaller && caller != null) {
                made.add(entryOf(caller.referenceType(), caller, policy));
            } else {
                made.add(BreakRequests.tag(requests.createBreakpointRequest(Functions.entry(function)), 0, Role.STEP, policy));
            }
            plan = new Plan(function, resumed ? continuation : null, caller, made, 0, false);
        } catch (IncompatibleThreadStateException e) {
            throw new TargetException("the stopped thread cannot be stepped: " + e.getMessage());
        }
    }

    /**
     * A suspend lambda's code is its invokeSuspend: its next transition is its next resume, filtered to it;
     * it completes into its caller's state machine, else into its coroutine (then JDI steps out of it).
     */
    private void lambdaBody(ThreadReference thread, ObjectReference lambda, Method invokeSuspend, int policy, boolean toCaller) {
        ObjectReference caller = StateMachines.field(lambda, StateMachineLayout.COMPLETION) instanceof ObjectReference c ? c : null;
        EventRequest request;
        if (!toCaller) {
            var resume = requests.createBreakpointRequest(Functions.entry(invokeSuspend));
            resume.addInstanceFilter(lambda);
            request = BreakRequests.tag(resume, 0, Role.STEP, policy);
        } else if (caller != null && !caller.referenceType().methodsByName("invokeSuspend").isEmpty()) {
            request = entryOf(caller.referenceType(), caller, policy);
        } else {
            StepRequest out = requests.createStepRequest(thread, StepRequest.STEP_LINE, StepRequest.STEP_OUT);
            out.addCountFilter(1);
            request = BreakRequests.tag(out, 0, Role.STEP, policy);
        }
        plan = new Plan(invokeSuspend, lambda, caller, List.of(request), 0, true);
    }

    private EventRequest entryOf(ReferenceType caller, ObjectReference instance, int policy) {
        Method resume = caller.methodsByName("invokeSuspend").stream().findFirst()
                .orElseThrow(() -> new TargetException("cannot finish here: the caller is not a state machine"));
        var request = requests.createBreakpointRequest(Functions.entry(resume));
        request.addInstanceFilter(instance);
        return BreakRequests.tag(request, 0, Role.STEP, policy);
    }

    /** Whether the event is the planned transition (the plan lasts until the stop is made: {@link #clear}). */
    boolean reaches(ThreadReference thread, Role role, int breakpoint, boolean stepEvent) {
        if (plan == null) {
            return false;
        }
        return plan.breakpoint() > 0 ? breakpoint == plan.breakpoint()
                : role == Role.STEP && (stepEvent || plan.filtered() || same(thread));
    }

    private boolean same(ThreadReference thread) {
        try {
            StackFrame frame = thread.frame(0);
            if (!frame.location().method().equals(plan.function())) {
                return true;       // the caller's invokeSuspend, filtered to its instance already
            }
            ObjectReference continuation = StateMachines.lastArgument(frame);
            if (continuation == null) {
                return false;
            }
            // Its own next resume, a new state machine of the same caller resuming, or the same caller calling it again.
            return continuation.equals(plan.own()) || plan.caller() != null
                    && (plan.caller().equals(StateMachines.field(continuation, StateMachineLayout.COMPLETION)) || plan.caller().equals(continuation));
        } catch (IncompatibleThreadStateException e) {
            return false;
        }
    }

    void clear() {
        if (plan != null) {
            plan.requests().forEach(requests::deleteEventRequest);
            plan = null;
        }
    }
}
