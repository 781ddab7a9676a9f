package dev.asyncinspect.recognize.kotlin;

import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.PlatformCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * kotlinx-coroutines-debug's own records of the coroutines it owns, where its agent runs: its state of
 * each (CREATED, RUNNING, SUSPENDED), a second opinion beside the heap's, and where each was created
 * when it keeps creation stacks.
 */
final class ProbeRecords {

    static final ProbeRecords NONE = new ProbeRecords();
    private static final int CREATION_FRAMES = 24;

    private final Map<ObjectRef, String> states = new HashMap<>();
    /** Where each was created: its creation stack's first frame outside the runtime. */
    private final Map<ObjectRef, String> creationSites = new HashMap<>();

    private ProbeRecords() {}

    /** The records of these coroutines, found through the agent's owner of each (none without the agent). */
    static ProbeRecords read(HeapView heap, Collection<ObjectRef> coroutines, CompletionChains chains) {
        Map<ObjectRef, ObjectRef> infos = new HashMap<>();
        coroutines.forEach(c -> {
            ObjectRef info = chains.probeInfo(c);
            if (info != null) {
                infos.put(c, info);
            }
        });
        if (infos.isEmpty()) {
            return NONE;
        }
        ProbeRecords records = new ProbeRecords();
        Map<ObjectRef, ObjectFields> read = heap.fields(infos.values());
        Map<ObjectRef, String> texts = heap.strings(read.values().stream().map(i -> i.ref("_state")).filter(s -> s != null)
                .distinct().toList());
        infos.forEach((coroutine, info) -> {
            ObjectFields fields = read.get(info);
            String state = fields == null ? null : texts.get(fields.ref("_state"));
            if (state != null) {
                records.states.put(coroutine, state);
            }
        });
        records.readCreationSites(heap, infos, read);
        return records;
    }

    /**
     * Where each coroutine was created, from the debug agent's creation stack (when it keeps them: off by default): a chain of
     * StackTraceFrames from an artificial bottom frame, the builder's caller first after kotlinx.coroutines' own.
     */
    private void readCreationSites(HeapView heap, Map<ObjectRef, ObjectRef> infos, Map<ObjectRef, ObjectFields> read) {
        Map<ObjectRef, ObjectFields> frames = new HashMap<>();
        List<ObjectRef> level = read.values().stream().map(i -> i.ref("creationStackBottom")).filter(f -> f != null).distinct().toList();
        for (int depth = 0; depth < CREATION_FRAMES && !level.isEmpty(); depth++) {
            Map<ObjectRef, ObjectFields> found = heap.fields(level.stream().filter(f -> !frames.containsKey(f)).toList());
            frames.putAll(found);
            level = found.values().stream().map(f -> f.ref("callerFrame")).filter(f -> f != null).distinct().toList();
        }
        Map<ObjectRef, ObjectFields> elements = heap.fields(frames.values().stream().map(f -> f.ref("stackTraceElement"))
                .filter(e -> e != null).distinct().toList());
        Map<ObjectRef, String> texts = heap.strings(elements.values().stream()
                .flatMap(e -> Stream.of(e.ref("declaringClass"), e.ref("methodName"), e.ref("fileName")))
                .filter(t -> t != null).distinct().toList());
        infos.forEach((coroutine, info) -> {
            ObjectFields fields = read.get(info);
            ObjectRef bottom = fields == null ? null : fields.ref("creationStackBottom");
            // the bottom frame is the agent's own marker ("_CREATION"); the real ones are its callers
            ObjectRef at = bottom == null || frames.get(bottom) == null ? null : frames.get(bottom).ref("callerFrame");
            for (int depth = 0; at != null && depth < CREATION_FRAMES; depth++) {
                ObjectFields frame = frames.get(at);
                ObjectFields element = frame == null || frame.ref("stackTraceElement") == null ? null : elements.get(frame.ref("stackTraceElement"));
                String type = element == null ? null : texts.get(element.ref("declaringClass"));
                if (type != null && !PlatformCode.contains(type)) {
                    String file = texts.get(element.ref("fileName"));
                    int line = element.intValue("lineNumber", -1);
                    String simple = type.substring(type.lastIndexOf('.') + 1);
                    creationSites.put(coroutine, simple + "." + texts.getOrDefault(element.ref("methodName"), "?") + " "
                            + (file == null ? "unknown source" : line >= 0 ? file + ":" + line : file));
                    break;
                }
                at = frame == null ? null : frame.ref("callerFrame");
            }
        });
    }

    /** The facts this coroutine shows from the agent's record, given the state the heap shows. */
    List<Fact> facts(ObjectRef coroutine, CoroutineState shownState) {
        List<Fact> facts = new ArrayList<>(2);
        String state = states.get(coroutine);
        if (state != null) {
            facts.add(new Fact(Fact.Kind.DEBUG_PROBES, state + difference(state, shownState)));
        }
        if (creationSites.containsKey(coroutine)) {
            facts.add(new Fact(Fact.Kind.CREATED_AT, creationSites.get(coroutine)));
        }
        return facts;
    }

    /** Where the debug agent's state differs from what the heap shows, the heap's live state is shown and the difference said. */
    private static String difference(String probes, CoroutineState shown) {
        boolean agrees = switch (probes) {
            case "SUSPENDED" -> shown == CoroutineState.SUSPENDED;
            case "RUNNING" -> shown == CoroutineState.RUNNING || shown == CoroutineState.ACTIVE;
            case "CREATED" -> shown != CoroutineState.SUSPENDED && shown != CoroutineState.RUNNING;
            default -> true;
        };
        return agrees ? "" : " (the heap shows " + shown.shown().label() + ")";
    }
}
