package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Names for the objects a frame roots. HPROF gives each frame's objects without slots or names,
 * but HotSpot writes them in slot order (locals, then the expression stack), and the class file says
 * which reference locals are in scope where the frame's line starts. Walking both in slot order,
 * each object goes to the next local its class fits; a local that does not fit is taken to be null
 * (and is not shown). Primitive locals are not in a heap dump at all.
 */
final class FrameLocals {

    private FrameLocals() {}

    static List<StackFrameSample.Local> match(StackRecords.FrameRecord frame, List<ObjectRef> rooted, Optional<ParsedClass> owner,
                                              BiPredicate<ObjectRef, String> assignable) {
        if (frame.line() <= 0 || rooted.isEmpty()) {
            return List.of();
        }
        ParsedClass.Method method = owner.flatMap(c -> c.method(frame.method(), frame.signature())).orElse(null);
        if (method == null || method.locals().isEmpty()) {
            return List.of();
        }
        int lineStart = method.lines().entrySet().stream().filter(e -> e.getValue() == frame.line())
                .map(Map.Entry::getKey).min(Integer::compare).orElse(-1);
        if (lineStart < 0) {
            return List.of();
        }
        List<ParsedClass.LocalVariable> candidates = new ArrayList<>(method.locals().stream()
                .filter(v -> v.descriptor().startsWith("L") || v.descriptor().startsWith("["))
                .filter(v -> v.start() <= lineStart && lineStart < v.end())
                .toList());
        candidates.sort(Comparator.comparingInt(ParsedClass.LocalVariable::slot));
        List<StackFrameSample.Local> locals = new ArrayList<>();
        int next = 0;
        for (ParsedClass.LocalVariable candidate : candidates) {
            if (next >= rooted.size()) {
                break;
            }
            ObjectRef value = rooted.get(next);
            if (assignable.test(value, candidate.descriptor())) {
                next++;
                if (!candidate.name().equals("this")) {
                    locals.add(new StackFrameSample.Local(candidate.name(), typeName(candidate.descriptor()), value));
                }
            }
        }
        return locals;
    }

    private static String typeName(String descriptor) {
        return org.objectweb.asm.Type.getType(descriptor).getClassName();
    }
}
