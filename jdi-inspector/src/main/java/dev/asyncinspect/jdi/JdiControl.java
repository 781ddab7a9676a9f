package dev.asyncinspect.jdi;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.control.BreakTarget;
import dev.asyncinspect.control.Breakpoint;
import dev.asyncinspect.control.Condition;
import dev.asyncinspect.control.Control;
import dev.asyncinspect.control.Stop;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.recognize.ValueReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Breakpoints and stepping through JDI event requests. Every request suspends only the thread that
 * hits it; a stop is turned into a snapshot, so the REPL sees tasks and variables, never JDI.
 */
public final class JdiControl implements Control {

    private static final String NUMBER = "async-inspect.breakpoint";

    private final JdiTarget target;
    private final VirtualMachine vm;
    private final EventRequestManager requests;
    private final Map<Integer, Armed> breakpoints = new LinkedHashMap<>();
    private final BlockingQueue<Hit> hits = new LinkedBlockingQueue<>();
    private final Thread listener;
    private final ValueReader.Limits limits;
    private int nextNumber = 1;
    private Hit stopped;
    private Stop current;
    private StepPlan plan;
    private final StateMachines machines;
    private final Recorder recorder;
    private final FrameVariables frameVariables;

    /** A breakpoint and the JDI requests that implement it. */
    private record Armed(BreakTarget target, Condition condition, List<BreakpointRequest> requests, int[] hits) {}

    /** A JDI event that suspended one thread. */
    private record Hit(EventSet events, ThreadReference thread, Location location, int breakpoint, boolean step) {}

    /** What the next {@code step}/{@code finish} stop must be: the same state machine, or its caller, resuming. */
    private record StepPlan(Method function, ObjectReference own, ObjectReference caller, List<EventRequest> requests) {}

    public JdiControl(JdiTarget target, ValueReader.Limits limits) {
        this.target = target;
        this.vm = target.virtualMachine();
        this.requests = vm.eventRequestManager();
        this.limits = limits;
        this.machines = new StateMachines(target);
        this.recorder = new Recorder(vm, machines);
        this.frameVariables = new FrameVariables(target, machines, limits);
        this.listener = new Thread(this::listen, "async-inspect-events");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public synchronized Breakpoint add(BreakTarget where, Condition condition) {
        List<Location> locations = switch (where) {
            case BreakTarget.Function f -> functionEntries(f.name());
            case BreakTarget.SourceLine s -> lineLocations(s.file(), s.line());
        };
        if (locations.isEmpty()) {
            throw new TargetException("no loaded " + (where instanceof BreakTarget.Function ? "method or suspend function named "
                    : "code at ") + where.describe() + " (is its class loaded yet?)");
        }
        int number = nextNumber++;
        List<BreakpointRequest> made = new ArrayList<>();
        for (Location location : locations) {
            BreakpointRequest request = requests.createBreakpointRequest(location);
            request.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            request.putProperty(NUMBER, number);
            request.enable();
            made.add(request);
        }
        Armed armed = new Armed(where, condition, made, new int[1]);
        breakpoints.put(number, armed);
        return info(number, armed);
    }

    private List<Location> functionEntries(String name) {
        int dot = name.lastIndexOf('.');
        String owner = dot < 0 ? null : name.substring(0, dot);
        String method = dot < 0 ? name : name.substring(dot + 1);
        List<Location> found = new ArrayList<>();
        for (ReferenceType type : vm.allClasses()) {
            if (PlatformCode.contains(type.name()) || owner != null && !(type.name().equals(owner)
                    || type.name().endsWith("." + owner) || type.name().endsWith("$" + owner))) {
                continue;
            }
            for (Method candidate : type.methodsByName(method)) {
                if (!candidate.isAbstract() && !candidate.isNative() && candidate.location() != null) {
                    found.add(candidate.location());
                }
            }
        }
        return found;
    }

    private List<Location> lineLocations(String file, int line) {
        List<Location> found = new ArrayList<>();
        for (ReferenceType type : vm.allClasses()) {
            try {
                if (type.sourceName().equals(file)) {
                    found.addAll(type.locationsOfLine(line));
                }
            } catch (AbsentInformationException noSource) {
                // Not this one.
            }
        }
        return found;
    }

    @Override
    public synchronized List<Breakpoint> breakpoints() {
        List<Breakpoint> listed = new ArrayList<>();
        breakpoints.forEach((number, armed) -> listed.add(info(number, armed)));
        return listed;
    }

    private static Breakpoint info(int number, Armed armed) {
        return new Breakpoint(number, armed.target(), armed.condition(), armed.hits()[0], armed.requests().size());
    }

    @Override
    public synchronized void delete(int number) {
        Armed armed = breakpoints.remove(number);
        if (armed == null) {
            throw new TargetException("no breakpoint " + number + " (see breaks)");
        }
        armed.requests().forEach(requests::deleteEventRequest);
    }

    @Override
    public synchronized Optional<Stop> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public Optional<Stop> resumeUntilStop(Duration timeout) {
        resumeStopped();
        return awaitStop(timeout);
    }

    @Override
    public Optional<Stop> step(Duration timeout) {
        Hit at = requireStopped();
        prepare(at, false);
        resumeStopped();
        return awaitStop(timeout);
    }

    @Override
    public Optional<Stop> finish(Duration timeout) {
        Hit at = requireStopped();
        prepare(at, true);
        resumeStopped();
        return awaitStop(timeout);
    }

    private synchronized Hit requireStopped() {
        if (stopped == null) {
            throw new TargetException("the target is not stopped: set a breakpoint and continue first");
        }
        return stopped;
    }

    /**
     * A suspend function is entered again on every resume, with its own continuation as the last
     * argument (its first entry gets the caller's). The same state machine's next transition is the
     * next entry with that continuation; its completion is the caller's continuation resuming.
     */
    private synchronized void prepare(Hit at, boolean toCaller) {
        clearPlan();
        try {
            StackFrame frame = at.thread().frame(0);
            Method function = frame.location().method();
            ObjectReference continuation = StateMachines.lastArgument(frame);
            boolean resumed = continuation != null && StateMachines.ownContinuation(continuation, function);
            ObjectReference caller = resumed ? (ObjectReference) StateMachines.field(continuation, "completion") : continuation;
            List<EventRequest> made = new ArrayList<>();
            if (continuation == null) {      // a plain method: JDI steps it
                StepRequest step = requests.createStepRequest(at.thread(), StepRequest.STEP_LINE,
                        toCaller ? StepRequest.STEP_OUT : StepRequest.STEP_OVER);
                step.addCountFilter(1);
                step.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                step.enable();
                made.add(step);
            } else if (toCaller && caller != null) {
                made.add(entryOf(caller.referenceType(), "invokeSuspend", caller));
            } else {
                made.add(entryOf(function));
            }
            plan = new StepPlan(function, resumed ? continuation : null, caller, made);
        } catch (IncompatibleThreadStateException e) {
            throw new TargetException("the stopped thread cannot be stepped: " + e.getMessage());
        }
    }

    private BreakpointRequest entryOf(Method method) {
        BreakpointRequest request = requests.createBreakpointRequest(method.location());
        request.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        request.putProperty(NUMBER, 0);
        request.enable();
        return request;
    }

    private BreakpointRequest entryOf(ReferenceType type, String method, ObjectReference instance) {
        Method resume = type.methodsByName(method).stream().findFirst()
                .orElseThrow(() -> new TargetException("cannot finish here: the caller is not a state machine"));
        BreakpointRequest request = entryOf(resume);
        request.disable();
        request.addInstanceFilter(instance);
        request.enable();
        return request;
    }

    private void clearPlan() {
        if (plan != null) {
            plan.requests().forEach(requests::deleteEventRequest);
            plan = null;
        }
    }

    private void resumeStopped() {
        Hit at;
        synchronized (this) {
            at = stopped;
            stopped = null;
            current = null;
        }
        if (at != null) {
            at.events().resume();
        }
    }

    private Optional<Stop> awaitStop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Hit hit = left <= 0 ? null : hits.poll(left, TimeUnit.NANOSECONDS);
                if (hit == null) {
                    return Optional.empty();
                }
                Optional<Stop> stop = accept(hit);
                if (stop.isPresent()) {
                    return stop;
                }
                hit.events().resume();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Turns a hit into a stop, or rejects it (another task, a false condition, a stale request). */
    private Optional<Stop> accept(Hit hit) {
        String reason;
        Condition condition = null;
        synchronized (this) {
            if (hit.breakpoint() == 0 || hit.step()) {
                if (plan == null || !samePlan(hit)) {
                    return Optional.empty();
                }
                reason = "step";
                clearPlan();
            } else {
                Armed armed = breakpoints.get(hit.breakpoint());
                if (armed == null) {
                    return Optional.empty();
                }
                if (armed.target() instanceof BreakTarget.Function f && f.state() != null && !atState(hit, f.state())) {
                    return Optional.empty();
                }
                condition = armed.condition();
                reason = "breakpoint " + hit.breakpoint() + " (" + armed.target().describe() + ")";
            }
        }
        if (condition != null && !holds(condition, hit.thread())) {
            return Optional.empty();
        }
        Snapshot snapshot = target.snapshot(limits, Progress.NONE);
        String threadId = threadTaskId(hit.thread());
        Task task = snapshot.tasks().stream().filter(t -> t.kind() == TaskKind.COROUTINE && t.facts().stream()
                        .anyMatch(f -> f.label().equals("running on") && f.value().equals(threadId))).findFirst()
                .or(() -> snapshot.task(threadId == null ? "" : threadId)).orElse(null);
        if (task == null) {
            return Optional.empty();
        }
        synchronized (this) {
            if (hit.breakpoint() > 0 && breakpoints.containsKey(hit.breakpoint())) {
                breakpoints.get(hit.breakpoint()).hits()[0]++;
            }
            stopped = hit;
            current = new Stop(task.id(), reason, snapshot);
            return Optional.of(current);
        }
    }

    /** Checked on the stopped frame's one variable; the snapshot is taken only for a stop. */
    private boolean holds(Condition condition, ThreadReference thread) {
        try {
            return frameVariables.find(thread, condition.variable()).map(v -> condition.holds(List.of(v))).orElse(false);
        } catch (IncompatibleThreadStateException | RuntimeException unreadable) {
            return false;
        }
    }

    /** The task id the recognizers give this thread: {@code t<tid>}, or {@code v<tid>} for a virtual thread. */
    private static String threadTaskId(ThreadReference thread) {
        for (ReferenceType type = thread.referenceType(); type instanceof com.sun.jdi.ClassType c; type = c.superclass()) {
            var tid = c.fieldByName("tid");
            if (tid != null && !tid.isStatic()) {
                boolean virtual = thread.referenceType().name().startsWith("java.lang.VirtualThread");
                return TaskIds.threadId(virtual, ((com.sun.jdi.LongValue) thread.getValue(tid)).value());
            }
        }
        return null;
    }

    private boolean samePlan(Hit hit) {
        if (hit.step()) {
            return true;
        }
        try {
            StackFrame frame = hit.thread().frame(0);
            if (!frame.location().method().equals(plan.function())) {
                return true;       // the caller's invokeSuspend, filtered to its instance already
            }
            ObjectReference continuation = StateMachines.lastArgument(frame);
            if (continuation == null) {
                return false;
            }
            // Its own next resume, a new state machine of the same caller resuming, or the same caller calling it again.
            return continuation.equals(plan.own()) || plan.caller() != null
                    && (plan.caller().equals(StateMachines.field(continuation, "completion")) || plan.caller().equals(continuation));
        } catch (IncompatibleThreadStateException e) {
            return false;
        }
    }

    private boolean atState(Hit hit, int state) {
        try {
            StackFrame frame = hit.thread().frame(0);
            ObjectReference continuation = StateMachines.lastArgument(frame);
            if (continuation == null || !StateMachines.ownContinuation(continuation, frame.location().method())) {
                return false;
            }
            return StateMachines.state(continuation) == state;
        } catch (IncompatibleThreadStateException e) {
            return false;
        }
    }





    @Override
    public void startRecording(int capacity) {
        recorder.start(capacity);
    }

    @Override
    public void stopRecording() {
        recorder.stop();
    }

    @Override
    public boolean recording() {
        return recorder.recording();
    }

    @Override
    public List<TimelineEvent> timeline() {
        return recorder.timeline();
    }

    private void listen() {
        try {
            while (true) {
                EventSet eventSet = vm.eventQueue().remove();
                boolean queued = false;
                for (Event event : eventSet) {
                    if (event instanceof VMDisconnectEvent) {
                        return;
                    }
                    if (recorder.handles(event)) {
                        continue;
                    }
                    if (event instanceof BreakpointEvent || event instanceof StepEvent) {
                        Object number = event.request().getProperty(NUMBER);
                        LocatableEvent located = (LocatableEvent) event;
                        hits.add(new Hit(eventSet, located.thread(), located.location(),
                                number instanceof Integer n ? n : 0, event instanceof StepEvent));
                        queued = true;
                        break;
                    }
                }
                if (!queued) {
                    eventSet.resume();
                }
            }
        } catch (InterruptedException | VMDisconnectedException ended) {
            // The session is over.
        }
    }

    @Override
    public synchronized void close() {
        clearPlan();
        recorder.stop();
        breakpoints.values().forEach(armed -> armed.requests().forEach(requests::deleteEventRequest));
        breakpoints.clear();
        listener.interrupt();
        Hit at = stopped;
        stopped = null;
        if (at != null) {
            at.events().resume();
        }
        for (Hit pending; (pending = hits.poll()) != null; ) {
            pending.events().resume();
        }
    }
}
