package dev.asyncinspect.agent.record;

import dev.asyncinspect.agent.OwnThreads;
import dev.asyncinspect.agent.jvmti.Jvmti;
import dev.asyncinspect.model.PlatformCode;
import dev.asyncinspect.model.TimelineEvent.Kind;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;
import org.objectweb.asm.Type;

/**
 * Threads' waits from JFR's own events, streamed inside the target: parks, monitor enters and waits,
 * sleeps and pinned virtual threads, each at least the threshold long, with the user's frame it
 * waited in. JFR reports a wait when it ends, with its start and duration; the recorder stores both.
 */
final class JfrWaits implements AutoCloseable {

    private static final Map<String, Kind> EVENTS = Map.of("jdk.JavaMonitorEnter", Kind.BLOCKED, "jdk.ThreadPark", Kind.PARKED,
            "jdk.JavaMonitorWait", Kind.WAITED, "jdk.ThreadSleep", Kind.SLEPT, "jdk.VirtualThreadPinned", Kind.PINNED);
    private static final MethodHandle IS_VIRTUAL = isVirtual();
    private static final int MONITORENTER = 0xc2;

    private final EventRing ring;
    private final Texts texts;
    private final RecordingStream stream;
    /** The monotonic clock's reading at the epoch, to place JFR's wall-clock instants on it. */
    private final long epochOnMonotonic;
    private final Map<String, String> sourceFiles = new HashMap<>();
    private Map<String, Class<?>> loaded;
    private final Instrumentation instrumentation;

    JfrWaits(EventRing ring, Texts texts, long thresholdMillis, Instrumentation instrumentation) {
        this.ring = ring;
        this.texts = texts;
        this.instrumentation = instrumentation;
        Instant now = Instant.now();
        this.epochOnMonotonic = System.nanoTime() - (now.getEpochSecond() * 1_000_000_000L + now.getNano());
        stream = new RecordingStream();
        stream.setReuse(true);
        for (String event : EVENTS.keySet()) {
            stream.enable(event).withThreshold(Duration.ofMillis(thresholdMillis)).withStackTrace();
            stream.onEvent(event, this::record);
        }
        stream.setMaxAge(Duration.ofSeconds(10));
        // The stream runs on a daemon thread of ours: one JFR starts inherits its starter's, and a JVM
        // recorded from its start (started on main) would then not exit when its main thread ends.
        Thread reader = new Thread(this::read, "async-inspect waits");
        reader.setDaemon(true);
        OwnThreads.add(reader);
        reader.start();
    }

    private void read() {
        try {
            stream.start();
        } catch (RuntimeException closed) {
            // Closed by the recording's end, or JFR stopped with the JVM.
        }
    }

    private void record(RecordedEvent event) {
        Kind kind = EVENTS.get(event.getEventType().getName());
        RecordedThread thread = event.getThread();
        if (kind == null || thread == null || OwnThreads.containsId(thread.getJavaThreadId())) {
            return;
        }
        long id = thread.getJavaThreadId();
        long threadId = virtual(thread) || kind == Kind.PINNED ? -id : id;
        long start = onMonotonic(event.getStartTime());
        long end = start + event.getDuration().toNanos();
        int location = location(event, kind);
        int detail = texts.number(detail(event, kind));
        ring.add(kind, start, threadId, 0, 0, location, detail);
        ring.add(Kind.UNBLOCKED, end, threadId, 0, 0, location, detail);
    }

    private static String detail(RecordedEvent event, Kind kind) {
        String field = switch (kind) {
            case BLOCKED, WAITED -> "monitorClass";
            case PARKED -> "parkedClass";
            default -> null;
        };
        if (field == null || !event.hasField(field)) {
            return "";
        }
        RecordedClass type = event.getValue(field);
        return type == null ? "" : type.getName();
    }

    private long onMonotonic(Instant instant) {
        return epochOnMonotonic + instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** The innermost frame of the user's code, as {@code function\nfile:line}; -1 when there is none. */
    private int location(RecordedEvent event, Kind kind) {
        if (event.getStackTrace() == null) {
            return -1;
        }
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            if (!frame.isJavaFrame()) {
                continue;
            }
            String type = frame.getMethod().getType().getName();
            if (!PlatformCode.contains(type)) {
                Class<?> loadedType = loaded(type);
                String file = loadedType == null ? null : sourceFiles.computeIfAbsent(type, t -> Jvmti.sourceFileName(loadedType));
                int line = kind == Kind.BLOCKED ? synchronizedLine(loadedType, frame) : frame.getLineNumber();
                return texts.number(type + "." + frame.getMethod().getName() + "\n" + (file == null ? "" : file + ":" + line));
            }
        }
        return -1;
    }

    /** JFR names a frame's class but not its source file or line table; the loaded class has them. */
    private Class<?> loaded(String className) {
        if (loaded == null) {
            loaded = new HashMap<>();
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                loaded.putIfAbsent(type.getName(), type);
            }
        }
        return loaded.get(className);
    }

    /** JFR places a monitor enter just after its {@code monitorenter}: the user's line is the {@code synchronized} one. */
    private static int synchronizedLine(Class<?> type, RecordedFrame frame) {
        int line = frame.getLineNumber();
        int index = frame.getBytecodeIndex();
        if (type == null || index <= 0) {
            return line;
        }
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(frame.getMethod().getName())
                    && Type.getMethodDescriptor(method).equals(frame.getMethod().getDescriptor())) {
                byte[] code = Jvmti.bytecodes(method);
                if (code == null || index > code.length || (code[index - 1] & 0xff) != MONITORENTER) {
                    return line;
                }
                int[] lines = Jvmti.lineNumberTable(method);
                int found = line;
                int start = -1;
                for (int i = 0; i + 1 < lines.length; i += 2) {
                    if (lines[i] <= index - 1 && lines[i] > start) {
                        start = lines[i];
                        found = lines[i + 1];
                    }
                }
                return found;
            }
        }
        return line;
    }

    private static boolean virtual(RecordedThread thread) {
        try {
            return IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable unreadable) {
            return false;
        }
    }

    /** {@code RecordedThread.isVirtual}, JDK 21+. */
    private static MethodHandle isVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(RecordedThread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException before21) {
            return null;
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
