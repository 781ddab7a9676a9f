package dev.asyncinspect.agent.record;

import dev.asyncinspect.agent.AgentOptions.RecorderSettings;
import dev.asyncinspect.agent.CodeSources;
import dev.asyncinspect.agent.OwnThreads;
import dev.asyncinspect.agent.probe.Probes;
import dev.asyncinspect.heap.ClassFiles;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.TimelineEvent.Kind;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.recognize.kotlin.ContinuationClass;
import dev.asyncinspect.recognize.kotlin.DebugMetadata;
import dev.asyncinspect.recognize.kotlin.StateMachineLayout;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recorder inside the target: probes installed, events into a ring, JFR's thread waits, and a
 * thread of its own that looks at threads once a second and ends the recording when the tool stops
 * renewing its lease (the tool died or was killed), so a recording never outlives its tool by more
 * than the lease. One recording at a time; what it saw is read while it runs and handed over when it
 * stops, after which nothing of it stays in the target.
 */
public final class InTargetRecorder {

    private static InTargetRecorder running;

    private final Instrumentation instrumentation;
    private final RecorderSettings settings;
    private final EventRing ring;
    private final ClassShapes shapes;
    private final Texts texts = new Texts();
    private final ProbeInstaller installer;
    private final ThreadSampler sampler = new ThreadSampler();
    private final List<String> gaps = new ArrayList<>();
    private final long started = System.nanoTime();
    private JfrWaits jfr;
    private Thread lease;
    private volatile boolean stopping;

    private InTargetRecorder(Instrumentation instrumentation, RecorderSettings settings) {
        this.instrumentation = instrumentation;
        this.settings = settings;
        this.ring = new EventRing(settings.capacity());
        this.shapes = new ClassShapes();
        this.installer = new ProbeInstaller(instrumentation);
    }

    public static synchronized void start(Instrumentation instrumentation, RecorderSettings settings) throws Exception {
        if (running != null) {
            throw new IllegalStateException("a recording is already running in this JVM (record stop ends it)");
        }
        InTargetRecorder recorder = new InTargetRecorder(instrumentation, settings);
        recorder.begin();
        running = recorder;
    }

    private void begin() throws Exception {
        Probes.sink(new ProbeSink(ring, shapes, texts));
        try {
            installer.install();
            if (settings.jfrMillis() < 0) {
                gaps.add("threads' waits are not recorded: asked for none");
            } else {
                try {
                    jfr = new JfrWaits(ring, texts, settings.jfrMillis(), instrumentation);
                } catch (RuntimeException | LinkageError noJfr) {
                    gaps.add("threads' waits are not recorded: JFR is not available (" + noJfr.getMessage() + ")");
                }
            }
            sampler.look();
            lease = new Thread(this::keepLease, "async-inspect recorder");
            lease.setDaemon(true);
            OwnThreads.add(lease);
            lease.start();
        } catch (Exception | LinkageError failed) {
            end();
            throw failed;
        }
    }

    /** The running recording's events so far; fails when none runs. */
    public static synchronized Recording read() {
        Recording recording = runningOrNull();
        if (recording == null) {
            throw new IllegalStateException("no recording is running in this JVM (record start begins one)");
        }
        return recording;
    }

    /** The running recording, or null: snapshots use it to time tasks. */
    public static synchronized Recording runningOrNull() {
        return running == null ? null : running.recording(0, List.of());
    }

    /** Ends the recording and removes everything it put in: probes, JFR stream, its thread. */
    public static synchronized Recording stop() throws UnmodifiableClassException {
        if (running == null) {
            throw new IllegalStateException("no recording is running in this JVM (record start begins one)");
        }
        InTargetRecorder recorder = running;
        running = null;
        List<String> differ = recorder.end();
        long ended = System.nanoTime();
        Recording recording = recorder.recording(ended, differ.isEmpty() ? List.of()
                : List.of("after the probes were removed these methods' bytecodes differ from before (another agent changed them"
                + " meanwhile?): " + String.join(", ", differ)));
        recorder.shapes.forget();
        return recording;
    }

    private List<String> end() throws UnmodifiableClassException {
        stopping = true;
        Probes.sink(null);
        if (jfr != null) {
            jfr.close();
        }
        if (lease != null && lease != Thread.currentThread()) {
            lease.interrupt();
        }
        return installer.remove();
    }

    private void keepLease() {
        try {
            while (!stopping) {
                Thread.sleep(1000);
                sampler.look();
                if (!leased()) {
                    expire();
                    return;
                }
            }
        } catch (InterruptedException stopped) {
            // record stop ended it
        }
    }

    private boolean leased() {
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(settings.lease()).toMillis() < settings.leaseMillis();
        } catch (IOException gone) {
            return false;
        }
    }

    private static void expire() {
        synchronized (InTargetRecorder.class) {
            if (running != null) {
                try {
                    stop();
                } catch (UnmodifiableClassException | RuntimeException ignored) {
                    // Nothing more can be undone; the probes are inert once the sink is gone.
                }
            }
        }
    }

    private Recording recording(long ended, List<String> notes) {
        List<String> all = new ArrayList<>(gaps);
        all.addAll(installer.gaps());
        if (installer.kotlinCopies() == 0) {
            all.add("no Kotlin coroutines are loaded: none are recorded");
        }
        all.addAll(notes);
        if (ring.dropped() > 0) {
            all.add(ring.dropped() + " older events were dropped: the ring holds " + settings.capacity()
                    + " (record start --capacity N keeps more)");
        }
        return new Recording(started, ended, settings.capacity(), ring.dropped(), events(), sampler.since(), all);
    }

    /** The ring's events in the model's terms, in time order; a state machine's function and lines come from its class file. */
    private List<TimelineEvent> events() {
        List<Class<?>> classes = shapes.numbered();
        Map<Class<?>, Optional<ContinuationClass>> machines = new HashMap<>();
        Map<Long, TimelineEvent> lastOnThread = new HashMap<>();
        List<TimelineEvent> events = new ArrayList<>();
        try (ClassFiles classFiles = CodeSources.classFiles(name -> classes.stream().filter(c -> c.getName().equals(name))
                .findFirst().flatMap(CodeSources::of))) {
            ring.read((kind, nanos, thread, object, task, type, value) -> {
                switch (kind) {
                    case CREATED -> events.add(new TimelineEvent(nanos, TaskIds.coroutineId(task), Kind.CREATED, null, 0,
                            null, 0, type < classes.size() ? classes.get(type).getName() : null));
                    case RESUMED, SUSPENDED -> {
                        Class<?> machineClass = type < classes.size() ? classes.get(type) : null;
                        Optional<ContinuationClass> machine = machineClass == null ? Optional.empty()
                                : machines.computeIfAbsent(machineClass, c -> DebugMetadata.ofContinuation(c.getName(),
                                        classFiles::read).map(ContinuationClass::of));
                        int state = StateMachineLayout.state(value);
                        String function = machine.map(ContinuationClass::function)
                                .orElse(machineClass == null ? null : machineClass.getName() + ".invokeSuspend");
                        int line = machine.map(m -> m.line(state - 1)).orElse(-1);
                        String location = line > 0 ? machine.get().debug().file() + ":" + line : null;
                        TimelineEvent event = new TimelineEvent(nanos, TaskIds.coroutineId(task),
                                kind, function, state, location, object, null);
                        TimelineEvent before = lastOnThread.put(thread, event);
                        // The runtime resumes a caller right after its callee returned: the callee completed then.
                        if (kind == Kind.RESUMED && before != null && before.kind() == Kind.RESUMED
                                && event.taskId().equals(before.taskId()) && before.object() != object) {
                            events.add(new TimelineEvent(nanos, before.taskId(), Kind.COMPLETED, before.function(), 0, null,
                                    before.object(), null));
                        }
                        events.add(event);
                    }
                    case FUTURE_COMPLETED -> {
                        String[] where = where(type);
                        events.add(new TimelineEvent(nanos, TaskIds.futureId(task), Kind.FUTURE_COMPLETED, where[0], 0, where[1],
                                object, value == ProbeSink.CANCELLED ? "cancelled"
                                : value == ProbeSink.EXCEPTIONALLY ? "exceptionally" : "normally"));
                    }
                    default -> {
                        String[] where = where(type);
                        String detail = texts.text(value);
                        events.add(new TimelineEvent(nanos, TaskIds.threadId(thread < 0, Math.abs(thread)), kind,
                                where[0], 0, where[1], object, detail == null || detail.isEmpty() ? null : detail));
                    }
                }
            });
        }
        events.sort(Comparator.comparingLong(TimelineEvent::nanos));
        return events;
    }

    /** A numbered location as {function, file:line}, either null when unknown. */
    private String[] where(int number) {
        String text = texts.text(number);
        if (text == null) {
            return new String[2];
        }
        int newline = text.indexOf('\n');
        String location = text.substring(newline + 1);
        return new String[] {text.substring(0, newline), location.isEmpty() ? null : location};
    }
}
