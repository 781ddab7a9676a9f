package dev.asyncinspect.jdi;

import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.LocatableEvent;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.MethodExitRequest;
import dev.asyncinspect.model.TimelineEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Records state transitions into a ring buffer: each event is read while only its thread is held, then let go. */
final class Recorder {

    /** Marks a request as the recorder's; its value is the kind of event it records. */
    static final String RECORDS = "async-inspect.record";

    private final VirtualMachine vm;
    private final EventRequestManager requests;
    private final StateMachines machines;
    private final ArrayDeque<TimelineEvent> events = new ArrayDeque<>();
    private final List<EventRequest> made = new ArrayList<>();
    private int capacity;

    Recorder(VirtualMachine vm, StateMachines machines) {
        this.vm = vm;
        this.requests = vm.eventRequestManager();
        this.machines = machines;
    }

    synchronized void start(int capacity) {
        if (!made.isEmpty()) {
            throw new TargetException("already recording (record stop first)");
        }
        List<ReferenceType> base = vm.classesByName(StateMachines.BASE_CONTINUATION);
        if (base.isEmpty()) {
            throw new TargetException("nothing to record: the target has loaded no Kotlin coroutines");
        }
        this.capacity = capacity;
        events.clear();
        for (Method resume : base.get(0).methodsByName("resumeWith")) {
            BreakpointRequest enter = requests.createBreakpointRequest(resume.location());
            enter.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            enter.putProperty(RECORDS, "resumed");
            enter.enable();
            made.add(enter);
        }
        MethodExitRequest exit = requests.createMethodExitRequest();
        exit.addClassFilter(base.get(0));
        exit.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        exit.putProperty(RECORDS, "left");
        exit.enable();
        made.add(exit);
    }

    synchronized void stop() {
        made.forEach(requests::deleteEventRequest);
        made.clear();
    }

    synchronized boolean recording() {
        return !made.isEmpty();
    }

    synchronized List<TimelineEvent> timeline() {
        return List.copyOf(events);
    }

    /** Whether the event is the recorder's; if so it is recorded (the caller resumes its thread). */
    boolean handles(Event event) {
        if (!(event.request() != null && event.request().getProperty(RECORDS) instanceof String kind)) {
            return false;
        }
        record(kind, (LocatableEvent) event);
        return true;
    }

    private void record(String kind, LocatableEvent event) {
        try {
            if (event instanceof MethodExitEvent exit && !exit.method().name().equals("resumeWith")) {
                return;
            }
            ObjectReference machine = event.thread().frame(0).thisObject();
            if (machine == null) {
                return;
            }
            int state = StateMachines.state(machine);
            add(new TimelineEvent(System.nanoTime(), machines.coroutineOf(machine), kind, machines.function(machine), state,
                    machines.location(machine, state), machine.uniqueID()));
        } catch (IncompatibleThreadStateException | RuntimeException unreadable) {
            // A transition we could not read is left out rather than holding the thread.
        }
    }

    private synchronized void add(TimelineEvent event) {
        if (events.size() >= capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }
}
