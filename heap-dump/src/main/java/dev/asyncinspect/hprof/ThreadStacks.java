package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.StackRequest;
import dev.asyncinspect.heap.ThreadSample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Thread samples from a dump: each frame of a thread's STACK TRACE with the objects it roots, as
 * receiver and named locals where the class files allow. No monitors: HPROF records no owners.
 */
final class ThreadStacks {

    private final StackRecords stacks;
    private final HprofHeapView view;

    ThreadStacks(StackRecords stacks, HprofHeapView view) {
        this.stacks = stacks;
        this.view = view;
    }

    Map<ObjectRef, ThreadSample> samples(Collection<ObjectRef> threads, StackRequest request) {
        Map<ObjectRef, ThreadSample> samples = new LinkedHashMap<>();
        int unmounted = 0;
        for (ObjectRef thread : threads) {
            long id = view.object(thread).getObjectId();
            List<StackRecords.FrameRecord> frames = stacks.frames(id);
            if (frames == null) {
                unmounted++;
                samples.put(thread, new ThreadSample(thread, List.of(), List.of(), null, null));
                continue;
            }
            List<StackFrameSample> sampled = new ArrayList<>();
            for (int depth = 0; depth < frames.size(); depth++) {
                sampled.add(frame(frames.get(depth), stacks.rootsOf(id, depth), request));
            }
            samples.put(thread, new ThreadSample(thread, sampled, List.of(), null, null));
        }
        if (unmounted > 0) {
            view.gap("heap dump: the stacks of " + unmounted + " unmounted virtual thread" + (unmounted == 1 ? " are" : "s are")
                    + " not in the dump (they live in stack chunks the dump does not decode)");
        }
        return samples;
    }

    private StackFrameSample frame(StackRecords.FrameRecord frame, List<Long> roots, StackRequest request) {
        ObjectRef self = null;
        List<ObjectRef> rooted = new ArrayList<>();
        for (long root : roots) {
            ObjectRef ref = view.refById(root);
            if (ref != null) {
                rooted.add(ref);
            }
        }
        if (request.receiversOf().test(frame.className())) {
            self = receiver(frame, rooted);
        }
        List<StackFrameSample.Local> locals = request.localsOf().test(frame.className())
                ? FrameLocals.match(frame, rooted, view.parsed(frame.className()), this::assignable) : List.of();
        Integer slot = request.rawSlots().get(frame.className() + "." + frame.method());
        HeapValue raw = slot == null ? null : rawSlot(frame, rooted, slot);
        return new StackFrameSample(frame.className(), frame.method(), frame.file(), frame.line(), self, locals, raw);
    }

    /**
     * A slot asked for by number, in code without local variable names (the JDK's). The dump writes a
     * frame's objects in slot order without slot numbers, so the object at that position is the slot's
     * only while no slot before it holds null or a primitive: the JDK methods asked about keep
     * {@code this} and their object locals first. Taken only when the frame roots more objects than that.
     */
    private HeapValue rawSlot(StackRecords.FrameRecord frame, List<ObjectRef> rooted, int slot) {
        if (slot >= rooted.size()) {
            return null;
        }
        view.gap("heap dump: the future a running supplyAsync/runAsync task computes is found by the position of the frame's "
                + "objects (the dump records no local slots)");
        return rooted.get(slot);
    }

    /** {@code this} is local slot 0, written first: the first rooted object of the frame's own class, unless the method is static. */
    private ObjectRef receiver(StackRecords.FrameRecord frame, List<ObjectRef> rooted) {
        Optional<ParsedClass> parsedClass = view.parsed(frame.className());
        if (parsedClass.flatMap(p -> p.method(frame.method(), frame.signature())).map(ParsedClass.Method::isStatic).orElse(false)) {
            return null;
        }
        return rooted.stream().filter(r -> view.isA(r.type(), frame.className())).findFirst().orElse(null);
    }

    private boolean assignable(ObjectRef value, String descriptor) {
        if (descriptor.startsWith("[")) {
            return value.type().name().endsWith("[]");
        }
        String className = descriptor.substring(1, descriptor.length() - 1).replace('/', '.');
        return className.equals("java.lang.Object") || view.isA(value.type(), className);
    }

}
