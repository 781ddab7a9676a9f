package dev.asyncinspect.jdi;

import com.sun.jdi.ClassType;
import com.sun.jdi.Location;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import dev.asyncinspect.control.BreakTarget;
import dev.asyncinspect.control.Suspend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns what a user names into JDI requests, each tagged with its breakpoint's number and role. */
final class BreakRequests {

    static final String NUMBER = "async-inspect.breakpoint";
    static final String ROLE = "async-inspect.role";

    /** What an event of a breakpoint's request means. */
    enum Role {
        /** The breakpoint's own location: a function entered, a line reached, a coroutine resumed, a future's stage run. */
        ENTRY,
        /** A watched future is about to be completed; it is complete once that call returns. */
        COMPLETING,
        /** The completing call returned. */
        COMPLETED,
        /** A watched coroutine's run (one resumeWith) returned: it suspended or completed. */
        RAN,
        /** {@code step} or {@code finish}. */
        STEP
    }

    /** The requests of one breakpoint, and the coroutine or future it watches (else null). */
    record Made(List<EventRequest> requests, ObjectReference instance) {}

    private final JdiTarget target;
    private final VirtualMachine vm;
    private final EventRequestManager requests;
    private final Functions functions;
    private final Futures futures;

    BreakRequests(JdiTarget target, Functions functions, Futures futures) {
        this.target = target;
        this.vm = target.virtualMachine();
        this.requests = vm.eventRequestManager();
        this.functions = functions;
        this.futures = futures;
    }

    Made make(int number, BreakTarget where, Suspend suspend) {
        return switch (where) {
            case BreakTarget.Function f -> atLocations(number, suspend, functions.entries(f.name()),
                    "no loaded method or suspend function named " + f.name() + " (is its class loaded yet?)");
            case BreakTarget.SourceLine s -> atLocations(number, suspend, functions.lines(s.file(), s.line()),
                    "no loaded code at " + s.describe() + " (is its class loaded yet?)");
            case BreakTarget.Task t when t.id().matches("[cC]\\d+") -> coroutine(number, suspend, t.id());
            case BreakTarget.Task t when t.id().matches("[fF]\\d+") -> future(number, suspend, t.id(), true);
            case BreakTarget.Task t -> throw new TargetException("break task takes a coroutine (c…) or a future (f…)"
                    + " from tasks, not '" + t.id() + "'");
            case BreakTarget.Completion c when c.futureId().matches("[fF]\\d+") -> future(number, suspend, c.futureId(), false);
            case BreakTarget.Completion c -> throw new TargetException("break complete takes a future (f…) from tasks, not '"
                    + c.futureId() + "'");
        };
    }

    private Made atLocations(int number, Suspend suspend, List<Location> locations, String none) {
        if (locations.isEmpty()) {
            throw new TargetException(none);
        }
        List<EventRequest> made = new ArrayList<>();
        locations.forEach(location -> made.add(breakpoint(location, number, Role.ENTRY, suspend, null)));
        return new Made(made, null);
    }

    /** Every coroutine resumes through BaseContinuationImpl.resumeWith: a hit is this coroutine's when its completion chain leads to it. */
    private Made coroutine(int number, Suspend suspend, String id) {
        ObjectReference coroutine = instance("kotlinx.coroutines.AbstractCoroutine", id)
                .orElseThrow(() -> new TargetException("no coroutine " + id + " in the target (see tasks)"));
        List<EventRequest> made = new ArrayList<>();
        for (ReferenceType base : vm.classesByName(StateMachines.BASE_CONTINUATION)) {
            base.methodsByName("resumeWith").forEach(m -> made.add(breakpoint(m.location(), number, Role.ENTRY, suspend, null)));
        }
        return new Made(made, coroutine);
    }

    /** A future's completions, filtered to that future in the target; with its stages, the code that runs them. */
    private Made future(int number, Suspend suspend, String id, boolean stages) {
        ObjectReference future = instance(Futures.FUTURE, id)
                .orElseThrow(() -> new TargetException("no future " + id + " in the target (see tasks)"));
        if (!Futures.pending(future)) {
            throw new TargetException(id + " has already " + futures.outcome(future));
        }
        List<EventRequest> made = new ArrayList<>();
        futures.completions().forEach(l -> made.add(breakpoint(l, number, Role.COMPLETING, suspend, future)));
        if (stages) {
            for (Map.Entry<ObjectReference, List<Location>> stage : futures.stagesOf(future).entrySet()) {
                stage.getValue().forEach(l -> made.add(breakpoint(l, number, Role.ENTRY, suspend, stage.getKey())));
            }
        }
        return new Made(made, future);
    }

    /**
     * The object with this task id ({@code c}/{@code f} and its number): one this connection has named,
     * else one of the live instances of the class and its subclasses. An id that cannot be this
     * connection's (see {@link TaskNumbers}) is refused, never matched to another object.
     */
    private Optional<ObjectReference> instance(String root, String id) {
        long number = Long.parseLong(id.substring(1));
        TaskNumbers numbers = target.numbers();
        String foreign = numbers.foreign(number);
        if (foreign != null) {
            throw new TargetException(id + " is not an id of this session: " + foreign);
        }
        Optional<ObjectReference> named = numbers.object(number);
        if (named.isPresent()) {
            return named;
        }
        List<ReferenceType> types = new ArrayList<>(vm.classesByName(root));
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) instanceof ClassType type) {
                types.addAll(type.subclasses());
            }
        }
        List<ObjectReference> live = new ArrayList<>();
        types.forEach(type -> live.addAll(type.instances(0)));
        return numbers.numbers(live).entrySet().stream().filter(e -> e.getValue() == number).map(Map.Entry::getKey).findFirst();
    }

    BreakpointRequest breakpoint(Location location, int number, Role role, Suspend suspend, ObjectReference instance) {
        BreakpointRequest request = requests.createBreakpointRequest(location);
        if (instance != null) {
            request.addInstanceFilter(instance);   // filtered in the target: other instances never stop
        }
        return tag(request, number, role, policy(suspend));
    }

    /** Stops once the thread's current frame returns (STEP_MIN: right there, not at the next line). */
    StepRequest stepOut(ThreadReference thread, int number, Role role, int policy) {
        StepRequest request = requests.createStepRequest(thread, StepRequest.STEP_MIN, StepRequest.STEP_OUT);
        request.addCountFilter(1);
        return tag(request, number, role, policy);
    }

    static <R extends EventRequest> R tag(R request, int number, Role role, int policy) {
        request.setSuspendPolicy(policy);
        request.putProperty(NUMBER, number);
        request.putProperty(ROLE, role);
        request.enable();
        return request;
    }

    static int policy(Suspend suspend) {
        return suspend == Suspend.ALL ? EventRequest.SUSPEND_ALL : EventRequest.SUSPEND_EVENT_THREAD;
    }
}
