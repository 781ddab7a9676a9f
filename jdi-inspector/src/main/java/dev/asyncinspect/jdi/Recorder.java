package dev.asyncinspect.jdi;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ClassType;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.event.MonitorContendedEnterEvent;
import com.sun.jdi.event.MonitorContendedEnteredEvent;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.MethodExitRequest;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.TimelineEvent.Kind;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.recognize.kotlin.DebugMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records into a ring buffer what async code does over time:
 * <ul>
 * <li>a state machine is entered (its start, each resume) and its code returns: the
 *     COROUTINE_SUSPENDED marker (suspended at its state), or a result (completed). Both are events at
 *     the code itself (a named suspend function's own method, a suspend lambda's invokeSuspend), so a
 *     state machine's first suspension, made inside its caller's run, is seen too;
 * <li>a CompletableFuture completes (its result is compare-and-set in one of a few methods);
 * <li>a thread blocks on a monitor another one holds, and gets in.
 * </ul>
 * Each state-machine and future event holds its thread while it is read, then lets go. Monitor events
 * do not hold the thread (JDWP sends thread, monitor and location with the event), so contention is
 * recorded without adding to it. Only the user's own state machines are watched, not the runtime's.
 */
final class Recorder {

    /** Marks a request as the recorder's; its value is what its events are about. */
    static final String RECORDS = "async-inspect.record";
    private static final String SINGLETONS = "kotlin.coroutines.intrinsics.CoroutineSingletons";
    private static final String CONTINUATION_PARAMETER = "Lkotlin/coroutines/Continuation;)";
    private static final int MONITORENTER = 0xc2;

    private enum Source { MACHINE_ENTRY, MACHINE_EXIT, NEW_CLASS, FUTURE, MONITOR }

    private final VirtualMachine vm;
    private final EventRequestManager requests;
    private final StateMachines machines;
    private final ArrayDeque<Recorded> events = new ArrayDeque<>();
    private final List<EventRequest> made = new ArrayList<>();
    /** The methods whose entries and returns are state-machine transitions. */
    private final Set<Method> code = ConcurrentHashMap.newKeySet();
    private final Set<ReferenceType> exitsWatched = ConcurrentHashMap.newKeySet();
    private final Map<ThreadReference, String> threadIds = new ConcurrentHashMap<>();
    private volatile ObjectReference suspendedMarker;
    private int capacity;
    private boolean on;

    private final JdiTarget target;

    Recorder(JdiTarget target, StateMachines machines) {
        this.target = target;
        this.vm = target.virtualMachine();
        this.requests = vm.eventRequestManager();
        this.machines = machines;
    }

    synchronized void start(int capacity, List<Location> futureCompletions) {
        if (on) {
            throw new TargetException("already recording (record stop first)");
        }
        this.capacity = capacity;
        on = true;
        events.clear();
        code.clear();
        exitsWatched.clear();
        // The compiler nests state-machine classes ($-names) in the user's classes; asking every loaded
        // class for its superclass instead would cost a round trip each.
        for (ReferenceType type : vm.allClasses()) {
            if (type instanceof ClassType machine && type.name().contains("$") && type.isPrepared()) {
                watch(machine);
            }
        }
        // State machines whose classes load while recording; the runtime's own classes are left out in the target.
        ClassPrepareRequest prepare = requests.createClassPrepareRequest();
        // (and the tool's agent: its boot class loads on the attach listener, which must never be held)
        List.of("java.*", "javax.*", "jdk.*", "sun.*", "com.sun.*", "kotlin.*", "kotlinx.*", "dev.asyncinspect.agent.*")
                .forEach(prepare::addClassExclusionFilter);
        made.add(tagged(prepare, Source.NEW_CLASS, EventRequest.SUSPEND_EVENT_THREAD));
        futureCompletions.forEach(l -> made.add(tagged(requests.createBreakpointRequest(l), Source.FUTURE,
                EventRequest.SUSPEND_EVENT_THREAD)));
        if (vm.canRequestMonitorEvents()) {
            made.add(tagged(requests.createMonitorContendedEnterRequest(), Source.MONITOR, EventRequest.SUSPEND_NONE));
            made.add(tagged(requests.createMonitorContendedEnteredRequest(), Source.MONITOR, EventRequest.SUSPEND_NONE));
        }
    }

    /** Watches the code of a user state machine's class: its entry, and the returns of its class's methods. */
    private synchronized void watch(ClassType type) {
        if (!on || PlatformCode.contains(type.name()) || type.isAbstract() || !isStateMachine(type)) {
            return;
        }
        for (Method method : codeOf(type)) {
            if (code.add(method)) {
                made.add(tagged(requests.createBreakpointRequest(method.location()), Source.MACHINE_ENTRY,
                        EventRequest.SUSPEND_EVENT_THREAD));
            }
            if (exitsWatched.add(method.declaringType())) {
                MethodExitRequest exit = requests.createMethodExitRequest();
                exit.addClassFilter(method.declaringType());
                made.add(tagged(exit, Source.MACHINE_EXIT, EventRequest.SUSPEND_EVENT_THREAD));
            }
        }
    }

    private static boolean isStateMachine(ClassType type) {
        for (ClassType at = type.superclass(); at != null; at = at.superclass()) {
            if (at.name().equals(StateMachines.BASE_CONTINUATION)) {
                return true;
            }
        }
        return false;
    }

    /** A suspend lambda's code is its invokeSuspend; a named suspend function's is the function, in the class declaring it. */
    private List<Method> codeOf(ClassType type) {
        Optional<DebugMetadata> debug = machines.metadata(type.name());
        if (debug.isEmpty() || debug.get().className().equals(type.name())) {
            return type.methodsByName("invokeSuspend").stream().filter(m -> !m.isAbstract()).toList();
        }
        return vm.classesByName(debug.get().className()).stream().filter(ReferenceType::isPrepared)
                .flatMap(owner -> owner.methodsByName(debug.get().method()).stream())
                .filter(m -> m.signature().contains(CONTINUATION_PARAMETER) && !m.isAbstract()).toList();
    }

    private <R extends EventRequest> R tagged(R request, Source source, int policy) {
        request.setSuspendPolicy(policy);
        request.putProperty(RECORDS, source);
        request.enable();
        return request;
    }

    synchronized void stop() {
        on = false;
        made.forEach(requests::deleteEventRequest);
        made.clear();
    }

    synchronized boolean recording() {
        return on;
    }

    /**
     * The events, their coroutines and futures named now, on the caller's thread: naming a task can ask
     * the agent in the target (see {@link TaskNumbers}), which must not happen while the event thread holds one.
     */
    List<TimelineEvent> timeline() {
        List<Recorded> recorded;
        synchronized (this) {
            recorded = List.copyOf(events);
        }
        List<ObjectReference> tasks = recorded.stream().map(Recorded::task).filter(t -> t != null).distinct().toList();
        Map<ObjectReference, Long> numbers = target.numbers().numbers(tasks);
        return recorded.stream().map(r -> r.named(r.task() == null ? r.taskId()
                : r.future() ? TaskIds.futureId(numbers.get(r.task())) : TaskIds.coroutineId(numbers.get(r.task())))).toList();
    }

    /** An event as recorded: its task is a thread's id, or the coroutine or future object named later. */
    private record Recorded(long nanos, String taskId, ObjectReference task, boolean future, Kind kind, String function,
                            int state, String location, long object, String detail) {
        TimelineEvent named(String id) {
            return new TimelineEvent(nanos, id, kind, function, state, location, object, detail);
        }
    }

    /** Whether the event is the recorder's; if so it is recorded (the caller resumes its thread). */
    boolean handles(Event event) {
        if (event.request() == null || !(event.request().getProperty(RECORDS) instanceof Source source)) {
            return false;
        }
        try {
            switch (source) {
                case MACHINE_ENTRY -> entered((BreakpointEvent) event);
                case MACHINE_EXIT -> returned((MethodExitEvent) event);
                case NEW_CLASS -> {
                    if (((ClassPrepareEvent) event).referenceType() instanceof ClassType type) {
                        watch(type);
                    }
                }
                case FUTURE -> completing((BreakpointEvent) event);
                case MONITOR -> monitor(event);
            }
        } catch (IncompatibleThreadStateException | RuntimeException unreadable) {
            // An event we could not read is left out rather than holding the thread.
        }
        return true;
    }

    private void entered(BreakpointEvent event) throws IncompatibleThreadStateException {
        StackFrame frame = event.thread().frame(0);
        ObjectReference machine = machineOf(frame);
        // A named function's first entry has no state machine of its own yet: it belongs to its caller's coroutine.
        ObjectReference coroutineVia = machine != null ? machine : StateMachines.lastArgument(frame);
        int state = machine == null ? 0 : StateMachines.state(machine);
        add(Kind.RESUMED, null, coroutineVia == null ? null : machines.coroutineObjectOf(coroutineVia), false,
                function(frame, machine), state, machine == null ? null : machines.location(machine, state),
                machine == null ? 0 : machine.uniqueID(), null);
    }

    private void returned(MethodExitEvent event) throws IncompatibleThreadStateException {
        if (!code.contains(event.method())) {
            return;        // another method of a class that holds suspend functions
        }
        StackFrame frame = event.thread().frame(0);
        ObjectReference machine = machineOf(frame);
        if (machine == null) {
            machine = ownContinuationIn(frame);
        }
        if (machine == null) {
            return;
        }
        boolean suspended = event.returnValue() != null && event.returnValue().equals(suspendedMarker());
        int state = suspended ? StateMachines.state(machine) : 0;
        add(suspended ? Kind.SUSPENDED : Kind.COMPLETED, null, machines.coroutineObjectOf(machine), false,
                function(frame, machine), state, machines.location(machine, state), machine.uniqueID(), null);
    }

    /** The state machine a frame of its code runs: a suspend lambda itself, or a resumed function's own continuation. */
    private static ObjectReference machineOf(StackFrame frame) {
        Method method = frame.location().method();
        if (method.name().equals("invokeSuspend") && !method.isStatic()) {
            return StateMachines.receiver(frame);
        }
        ObjectReference continuation = StateMachines.lastArgument(frame);
        return continuation != null && StateMachines.ownContinuation(continuation, method) ? continuation : null;
    }

    /** On its first run a named function makes its state machine in a local ({@code $continuation}). */
    private static ObjectReference ownContinuationIn(StackFrame frame) {
        try {
            Method method = frame.location().method();
            for (Value value : frame.getValues(frame.visibleVariables()).values()) {
                if (value instanceof ObjectReference object && StateMachines.ownContinuation(object, method)) {
                    return object;
                }
            }
        } catch (AbsentInformationException noLocals) {
            // Compiled without local variable tables: the first suspension is left out.
        }
        return null;
    }

    private String function(StackFrame frame, ObjectReference machine) {
        Method method = frame.location().method();
        return machine != null ? machines.function(machine) : method.declaringType().name() + "." + method.name();
    }

    private ObjectReference suspendedMarker() {
        if (suspendedMarker == null) {
            for (ReferenceType singletons : vm.classesByName(SINGLETONS)) {
                if (singletons.getValue(singletons.fieldByName("COROUTINE_SUSPENDED")) instanceof ObjectReference marker) {
                    suspendedMarker = marker;
                }
            }
        }
        return suspendedMarker;
    }

    /** Entering a method that sets a future's result; recorded when it has none yet, at the user's code that completes it. */
    private void completing(BreakpointEvent event) throws IncompatibleThreadStateException {
        StackFrame frame = event.thread().frame(0);
        ObjectReference future = frame.thisObject();
        if (future == null || !Futures.pending(future)) {
            return;
        }
        String how = Futures.exceptionally(frame) ? "exceptionally" : "normally";
        Location where = null;
        for (StackFrame caller : event.thread().frames()) {
            if (!PlatformCode.contains(caller.location().declaringType().name())) {
                where = caller.location();
                break;
            }
        }
        add(Kind.FUTURE_COMPLETED, null, future, true, where == null ? null : function(where),
                0, where == null ? null : line(where), future.uniqueID(), how);
    }

    private void monitor(Event event) {
        boolean entering = event instanceof MonitorContendedEnterEvent;
        ThreadReference thread = entering ? ((MonitorContendedEnterEvent) event).thread()
                : ((MonitorContendedEnteredEvent) event).thread();
        ObjectReference monitor = entering ? ((MonitorContendedEnterEvent) event).monitor()
                : ((MonitorContendedEnteredEvent) event).monitor();
        Location where = entering ? ((MonitorContendedEnterEvent) event).location()
                : ((MonitorContendedEnteredEvent) event).location();
        where = synchronizedAt(where);
        add(entering ? Kind.BLOCKED : Kind.UNBLOCKED, threadIds.computeIfAbsent(thread, ThreadIds::of), null, false,
                function(where), 0, line(where), monitor.uniqueID(), monitor.referenceType().name());
    }

    /** The JVM reports the instruction after a {@code monitorenter}: the user's line is the {@code synchronized} one. */
    private static Location synchronizedAt(Location reported) {
        long index = reported.codeIndex();
        if (index > 0 && reported.virtualMachine().canGetBytecodes()) {
            byte[] code = reported.method().bytecodes();
            if (index <= code.length && (code[(int) index - 1] & 0xff) == MONITORENTER) {
                Location enter = reported.method().locationOfCodeIndex(index - 1);
                return enter == null ? reported : enter;
            }
        }
        return reported;
    }

    private static String function(Location where) {
        return where.declaringType().name() + "." + where.method().name();
    }

    private static String line(Location where) {
        try {
            return where.sourceName() + ":" + where.lineNumber();
        } catch (AbsentInformationException noSource) {
            return null;
        }
    }

    private synchronized void add(Kind kind, String threadId, ObjectReference task, boolean future, String function,
                                  int state, String location, long object, String detail) {
        if (events.size() >= capacity) {
            events.removeFirst();
        }
        events.addLast(new Recorded(System.nanoTime(), threadId, task, future, kind, function, state, location, object, detail));
    }
}
