package dev.asyncinspect.jdi;

import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.DuplicateRequestException;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import dev.asyncinspect.control.BreakTarget;
import dev.asyncinspect.control.Breakpoint;
import dev.asyncinspect.control.Condition;
import dev.asyncinspect.control.Control;
import dev.asyncinspect.control.Stop;
import dev.asyncinspect.control.Suspend;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.jdi.BreakRequests.Role;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.recognize.values.ValueReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Breakpoints and stepping through JDI event requests. A request suspends only the thread that hits
 * it, or the whole VM when the breakpoint says so; a stop is turned into a snapshot, so the REPL sees
 * tasks and variables, never JDI.
 */
public final class JdiControl implements Control {

    private final JdiTarget target;
    private final VirtualMachine vm;
    private final EventRequestManager requests;
    private final Map<Integer, Armed> breakpoints = new LinkedHashMap<>();
    private final BlockingQueue<Hit> hits = new LinkedBlockingQueue<>();
    private final Thread listener;
    private final ValueReader.Limits limits;
    private final StateMachines machines;
    private final FrameVariables frameVariables;
    private final Functions functions;
    private final Futures futures;
    private final BreakRequests made;
    private final Stepping stepping;
    private int nextNumber = 1;
    private Hit stopped;
    private Stop current;
    /** The task a step or finish moves: other tasks' breakpoint hits meanwhile are counted, not stopped at. */
    private String steppedTask;

    /** A breakpoint, the JDI requests that implement it, and the coroutine or future it watches (else null). */
    private record Armed(BreakTarget target, Condition condition, Suspend suspend, List<EventRequest> requests,
                         ObjectReference instance, int[] hits) {}

    /** A JDI event that suspended its thread (or the VM), and what it means for its breakpoint (0: a step). */
    private record Hit(EventSet events, ThreadReference thread, EventRequest request, int breakpoint, Role role,
                       boolean stepEvent) {}

    public JdiControl(JdiTarget target, ValueReader.Limits limits) {
        this.target = target;
        this.vm = target.virtualMachine();
        this.requests = vm.eventRequestManager();
        this.limits = limits;
        this.machines = new StateMachines(target);
        TargetValues values = new TargetValues(target, limits);
        this.frameVariables = new FrameVariables(machines, values);
        this.functions = new Functions(vm);
        this.futures = new Futures(vm, values);
        this.made = new BreakRequests(target, functions, futures);
        this.stepping = new Stepping(requests);
        this.listener = new Thread(this::listen, "async-inspect-events");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public synchronized Breakpoint add(BreakTarget where, Condition condition, Suspend suspend) {
        BreakRequests.Made requested = made.make(nextNumber, where, suspend);
        Armed armed = new Armed(where, condition, suspend, requested.requests(), requested.instance(), new int[1]);
        breakpoints.put(nextNumber, armed);
        return info(nextNumber++, armed);
    }

    @Override
    public SortedSet<String> functionNames() {
        return functions.names();
    }

    @Override
    public synchronized List<Breakpoint> breakpoints() {
        List<Breakpoint> listed = new ArrayList<>();
        breakpoints.forEach((number, armed) -> listed.add(info(number, armed)));
        return listed;
    }

    private static Breakpoint info(int number, Armed armed) {
        return new Breakpoint(number, armed.target(), armed.condition(), armed.suspend(), armed.hits()[0],
                armed.requests().size());
    }

    @Override
    public synchronized void delete(int number) {
        Armed armed = breakpoints.remove(number);
        if (armed == null) {
            throw new TargetException("no breakpoint " + number + " (see breaks)");
        }
        armed.requests().forEach(requests::deleteEventRequest);
        // Step-outs it armed (a coroutine's run, a future's completing call) go with it.
        new ArrayList<>(requests.stepRequests()).stream()
                .filter(r -> Integer.valueOf(number).equals(r.getProperty(BreakRequests.NUMBER)))
                .forEach(requests::deleteEventRequest);
    }

    @Override
    public synchronized Optional<Stop> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public Optional<Stop> resumeUntilStop(Duration timeout) {
        synchronized (this) {
            steppedTask = null;
        }
        resumeStopped();
        return awaitStop(timeout);
    }

    @Override
    public Optional<Stop> step(Duration timeout) {
        prepare(requireStopped(), false);
        resumeStopped();
        return awaitStop(timeout);
    }

    @Override
    public Optional<Stop> finish(Duration timeout) {
        prepare(requireStopped(), true);
        resumeStopped();
        return awaitStop(timeout);
    }

    private synchronized Hit requireStopped() {
        if (stopped == null) {
            throw new TargetException("the target is not stopped: set a breakpoint and continue first");
        }
        return stopped;
    }

    /** At a task breakpoint's stop, the task's next transition is that breakpoint's next hit; else the frame decides. */
    private synchronized void prepare(Hit at, boolean toCaller) {
        steppedTask = current == null ? null : current.taskId();
        Armed armed = breakpoints.get(at.breakpoint());
        if (armed != null && armed.target() instanceof BreakTarget.Task) {
            stepping.toNextHitOf(at.breakpoint());
        } else {
            stepping.prepare(at.thread(), at.events().suspendPolicy(), toCaller);
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

    /**
     * What a hit is to the user: the stop it makes, or nothing (another task, a false condition, a stale request).
     *
     * @param step whether it is the transition a step or finish waits for
     */
    private record Verdict(boolean step, String reason, String event, String taskId, Condition condition) {}

    /** Turns a hit into a stop, or rejects it; the snapshot is taken only for a stop. */
    private Optional<Stop> accept(Hit hit) {
        if (hit.role() == Role.COMPLETED || hit.role() == Role.RAN) {
            requests.deleteEventRequest(hit.request());    // one-shot step-outs
        }
        Verdict verdict;
        synchronized (this) {
            verdict = judge(hit);
        }
        if (verdict == null || verdict.condition() != null && !holds(verdict.condition(), hit.thread())) {
            return Optional.empty();
        }
        String taskId = verdict.taskId() != null ? verdict.taskId() : runningTask(hit.thread());
        synchronized (this) {
            if (steppedTask != null && !verdict.step() && !steppedTask.equalsIgnoreCase(taskId)) {
                count(hit);
                return Optional.empty();
            }
        }
        Snapshot snapshot = target.snapshot(limits, Progress.NONE);
        Task task = taskId == null ? null : snapshot.task(taskId).orElse(null);
        if (task == null) {
            task = runningOn(snapshot, hit.thread());
        }
        if (task == null) {
            return Optional.empty();
        }
        String event = verdict.event();
        if (hit.role() == Role.RAN) {
            // Its run ended: it waits at a suspension point now, or it finished.
            Task ran = snapshot.task(verdict.taskId()).orElse(null);
            event = verdict.taskId() + (ran != null && ran.state().is(TaskState.Phase.WAITING) ? " suspended" + at(ran) : " completed");
        }
        synchronized (this) {
            count(hit);
            stepping.clear();      // whatever stop comes first ends a step or finish
            steppedTask = null;
            stopped = hit;
            current = new Stop(task.id(), verdict.reason(), event, snapshot);
            return Optional.of(current);
        }
    }

    private void count(Hit hit) {
        Armed armed = breakpoints.get(hit.breakpoint());
        if (armed != null) {
            armed.hits()[0]++;
        }
    }

    /** The coroutine whose code the thread runs, else the thread. */
    private String runningTask(ThreadReference thread) {
        try {
            String coroutine = machines.coroutineRunning(thread);
            return coroutine != null ? coroutine : ThreadIds.of(thread);
        } catch (IncompatibleThreadStateException | RuntimeException unreadable) {
            return ThreadIds.of(thread);
        }
    }

    private Verdict judge(Hit hit) {
        if (hit.role() == Role.STEP) {
            return stepping.reaches(hit.thread(), hit.role(), 0, hit.stepEvent()) ? new Verdict(true, "step", null, null, null) : null;
        }
        Armed armed = breakpoints.get(hit.breakpoint());
        if (armed == null) {
            return null;
        }
        String id = switch (armed.target()) {
            case BreakTarget.Task t -> t.id().toLowerCase(Locale.ROOT);
            case BreakTarget.Completion c -> c.futureId().toLowerCase(Locale.ROOT);
            default -> null;
        };
        Condition condition = armed.condition();
        String event = null;
        String taskId = null;
        switch (hit.role()) {
            case ENTRY -> {
                if (armed.target() instanceof BreakTarget.Function f && f.state() != null && !atState(hit, f.state())) {
                    return null;
                }
                if (armed.target() instanceof BreakTarget.Task && TaskIds.isCoroutine(id)) {
                    if (!id.equals(resumedCoroutine(hit)) || condition != null && !holds(condition, hit.thread())) {
                        return null;
                    }
                    // Its run ends when this resumeWith returns: stop there too.
                    stepOut(hit, Role.RAN, armed);
                    condition = null;
                    event = id + " resumed";
                    taskId = id;
                } else if (armed.target() instanceof BreakTarget.Task) {
                    event = "a pending stage of " + id + " runs";
                }
            }
            case COMPLETING -> {
                if (Futures.pending(armed.instance())) {
                    stepOut(hit, Role.COMPLETED, armed);
                }
                return null;
            }
            case COMPLETED -> {
                if (Futures.pending(armed.instance())) {
                    return null;      // the call threw before setting it
                }
                event = id + " " + futures.outcome(armed.instance());
            }
            case RAN -> {
                condition = null;     // checked when the run began
                taskId = id;
            }
        }
        boolean step = stepping.reaches(hit.thread(), hit.role(), hit.breakpoint(), hit.stepEvent());
        String reason = step ? "step" : "breakpoint " + hit.breakpoint() + " (" + armed.target().describe() + ")";
        return new Verdict(step, reason, event, taskId, condition);
    }

    private void stepOut(Hit hit, Role role, Armed armed) {
        try {
            made.stepOut(hit.thread(), hit.breakpoint(), role, BreakRequests.policy(armed.suspend()));
        } catch (DuplicateRequestException stepping) {
            // The thread is being stepped through already (step, finish): that step decides where it stops.
        }
    }

    /** The coroutine whose state machine BaseContinuationImpl.resumeWith is resuming. */
    private String resumedCoroutine(Hit hit) {
        try {
            ObjectReference machine = hit.thread().frame(0).thisObject();
            return machine == null ? null : machines.coroutineOf(machine);
        } catch (IncompatibleThreadStateException e) {
            return null;
        }
    }

    private static String at(Task suspended) {
        var innermost = suspended.frames().isEmpty() ? null : suspended.frames().get(0);
        return innermost == null || innermost.note() == null ? "" : " (" + innermost.note() + " at " + innermost.location() + ")";
    }

    /** The coroutine running on the stopped thread, else the thread itself. */
    private static Task runningOn(Snapshot snapshot, ThreadReference thread) {
        String threadId = ThreadIds.of(thread);
        return snapshot.tasks().stream().filter(t -> t.kind() == TaskKind.COROUTINE && t.facts().stream()
                        .anyMatch(f -> f.is(Fact.Kind.RUNNING_ON) && f.value().equals(threadId))).findFirst()
                .or(() -> snapshot.task(threadId == null ? "" : threadId)).orElse(null);
    }

    /** Checked on the stopped frame's one variable, without a snapshot. */
    private boolean holds(Condition condition, ThreadReference thread) {
        try {
            return frameVariables.find(thread, condition.variable()).map(v -> condition.holds(List.of(v))).orElse(false);
        } catch (IncompatibleThreadStateException | RuntimeException unreadable) {
            return false;
        }
    }

    private boolean atState(Hit hit, int state) {
        try {
            var frame = hit.thread().frame(0);
            ObjectReference continuation = StateMachines.lastArgument(frame);
            boolean resumed = continuation != null && StateMachines.ownContinuation(continuation, frame.location().method());
            // state 0 is the call itself (the caller's continuation comes in), any other a resume from that point
            return state == 0 ? continuation != null && !resumed : resumed && StateMachines.state(continuation) == state;
        } catch (IncompatibleThreadStateException e) {
            return false;
        }
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
                    if (event instanceof BreakpointEvent || event instanceof StepEvent) {
                        EventRequest request = event.request();
                        Object number = request.getProperty(BreakRequests.NUMBER);
                        Object role = request.getProperty(BreakRequests.ROLE);
                        hits.add(new Hit(eventSet, ((LocatableEvent) event).thread(), request,
                                number instanceof Integer n ? n : 0, role instanceof Role r ? r : Role.STEP,
                                event instanceof StepEvent));
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

    /** Removes every request and resumes whatever a stop or a pending hit holds, in either suspend mode. */
    @Override
    public synchronized void close() {
        stepping.clear();
        breakpoints.values().forEach(armed -> armed.requests().forEach(requests::deleteEventRequest));
        breakpoints.clear();
        requests.deleteEventRequests(new ArrayList<>(requests.stepRequests()));
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
