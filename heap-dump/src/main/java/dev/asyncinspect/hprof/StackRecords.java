package dev.asyncinspect.hprof;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shark.DualSourceProvider;
import shark.GcRoot;
import shark.HprofHeader;
import shark.HprofRecord;
import shark.HprofRecordTag;
import shark.StreamingHprofReader;

/**
 * What an HPROF file says about threads, outside the objects: each thread's STACK TRACE (its frames,
 * innermost first, as STACK FRAME records), which thread object has which trace (ROOT THREAD OBJECT),
 * and the objects each frame keeps alive (ROOT JAVA FRAME and, for native frames, ROOT JNI LOCAL, by
 * thread and frame depth, in the order
 * the JVM wrote them: locals by slot, then the expression stack). Read in one streaming pass.
 */
final class StackRecords {

    /** One frame as the dump names it; line is -1 when the dump has none (native or unknown). */
    record FrameRecord(String className, String method, String signature, String file, int line) {}

    private final Map<Long, Integer> threadSerialByObject = new HashMap<>();
    private final Map<Integer, Integer> traceByThreadSerial = new HashMap<>();
    private final Map<Integer, List<FrameRecord>> framesByTrace = new HashMap<>();
    private final Map<Long, List<Long>> frameRoots = new HashMap<>();
    private boolean complete;

    static StackRecords read(DualSourceProvider source, HprofHeader header) {
        StackRecords records = new StackRecords();
        records.readFrom(source, header);
        return records;
    }

    private void readFrom(DualSourceProvider source, HprofHeader header) {
        Map<Long, String> strings = new HashMap<>();
        Map<Integer, Long> classNameBySerial = new HashMap<>();
        Map<Long, HprofRecord.StackFrameRecord> frames = new HashMap<>();
        Map<Integer, long[]> traces = new HashMap<>();
        StreamingHprofReader.Companion.readerFor(source, header).readRecords(EnumSet.of(
                HprofRecordTag.STRING_IN_UTF8, HprofRecordTag.LOAD_CLASS, HprofRecordTag.STACK_FRAME,
                HprofRecordTag.STACK_TRACE, HprofRecordTag.ROOT_THREAD_OBJECT, HprofRecordTag.ROOT_JAVA_FRAME, HprofRecordTag.ROOT_JNI_LOCAL,
                HprofRecordTag.HEAP_DUMP_END), (tag, length, reader) -> {
            switch (tag) {
                case STRING_IN_UTF8 -> {
                    HprofRecord.StringRecord string = reader.readStringRecord(length);
                    strings.put(string.getId(), string.getString());
                }
                case LOAD_CLASS -> {
                    HprofRecord.LoadClassRecord load = reader.readLoadClassRecord();
                    classNameBySerial.put(load.getClassSerialNumber(), load.getClassNameStringId());
                }
                case STACK_FRAME -> {
                    HprofRecord.StackFrameRecord frame = reader.readStackFrameRecord();
                    frames.put(frame.getId(), frame);
                }
                case STACK_TRACE -> {
                    HprofRecord.StackTraceRecord trace = reader.readStackTraceRecord();
                    traces.put(trace.getStackTraceSerialNumber(), trace.getStackFrameIds());
                    traceByThreadSerial.putIfAbsent(trace.getThreadSerialNumber(), trace.getStackTraceSerialNumber());
                }
                case ROOT_THREAD_OBJECT -> {
                    GcRoot.ThreadObject thread = reader.readThreadObjectGcRootRecord();
                    threadSerialByObject.put(thread.getId(), thread.getThreadSerialNumber());
                    traceByThreadSerial.put(thread.getThreadSerialNumber(), thread.getStackTraceSerialNumber());
                }
                case ROOT_JAVA_FRAME -> {
                    GcRoot.JavaFrame root = reader.readJavaFrameGcRootRecord();
                    frameRoots.computeIfAbsent(key(root.getThreadSerialNumber(), root.getFrameNumber()), k -> new ArrayList<>())
                            .add(root.getId());
                }
                case ROOT_JNI_LOCAL -> {
                    // A native frame's handles, such as the receiver of Object.wait.
                    GcRoot.JniLocal root = reader.readJniLocalGcRootRecord();
                    frameRoots.computeIfAbsent(key(root.getThreadSerialNumber(), root.getFrameNumber()), k -> new ArrayList<>())
                            .add(root.getId());
                }
                case HEAP_DUMP_END -> complete = true;
                default -> { }
            }
        });
        traces.forEach((serial, ids) -> {
            List<FrameRecord> list = new ArrayList<>(ids.length);
            for (long id : ids) {
                HprofRecord.StackFrameRecord frame = frames.get(id);
                if (frame != null) {
                    String className = ClassNames.fromInternal(strings.get(classNameBySerial.get(frame.getClassSerialNumber())));
                    list.add(new FrameRecord(className, strings.get(frame.getMethodNameStringId()),
                            strings.get(frame.getMethodSignatureStringId()), strings.get(frame.getSourceFileNameStringId()),
                            frame.getLineNumber() > 0 ? frame.getLineNumber() : -1));
                }
            }
            framesByTrace.put(serial, List.copyOf(list));
        });
    }

    private static long key(int threadSerial, int depth) {
        return ((long) threadSerial << 32) | (depth & 0xffffffffL);
    }

    /** Whether the dump ends with its HEAP DUMP END record (a truncated file does not). */
    boolean complete() {
        return complete;
    }

    /** The thread objects the dump has stacks for (ROOT THREAD OBJECT), by HPROF object id. */
    Iterable<Long> threadObjects() {
        return threadSerialByObject.keySet();
    }

    boolean hasThread(long objectId) {
        return threadSerialByObject.containsKey(objectId);
    }

    /** The frames of a thread object, innermost first; null when the dump has no stack for it. */
    List<FrameRecord> frames(long threadObjectId) {
        Integer serial = threadSerialByObject.get(threadObjectId);
        Integer trace = serial == null ? null : traceByThreadSerial.get(serial);
        return trace == null ? null : framesByTrace.get(trace);
    }

    /** Objects rooted in one frame of a thread, in the order the JVM wrote them. */
    List<Long> rootsOf(long threadObjectId, int depth) {
        Integer serial = threadSerialByObject.get(threadObjectId);
        return serial == null ? List.of() : frameRoots.getOrDefault(key(serial, depth), List.of());
    }
}
