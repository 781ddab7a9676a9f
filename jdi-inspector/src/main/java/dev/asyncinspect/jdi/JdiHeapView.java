package dev.asyncinspect.jdi;

import dev.asyncinspect.heap.ClassFiles;
import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ArrayReference;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.MethodFacts;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.StackRequest;
import dev.asyncinspect.heap.ThreadSample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap view over a live JDI connection. Every JDWP command is a round trip, so bulk reads go
 * out in parallel on the one connection ({@link RoundTrips}) and per-class facts are cached.
 */
public final class JdiHeapView implements HeapView {

    private final VirtualMachine vm;
    private final TaskNumbers numbers;
    private final RoundTrips roundTrips;
    private final Map<Long, ReferenceType> types = new ConcurrentHashMap<>();
    private final Map<Long, ObjectReference> objects = new ConcurrentHashMap<>();
    private final Map<ReferenceType, HeapClass> classes = new ConcurrentHashMap<>();
    private final AtomicLong nextClassId = new AtomicLong();
    private final Map<ReferenceType, List<Field>> instanceFields = new ConcurrentHashMap<>();
    private final Map<String, Optional<MethodFacts>> methodsBySite = new ConcurrentHashMap<>();
    private final Map<HeapClass, List<ObjectRef>> instances = new ConcurrentHashMap<>();
    private volatile HeapClass stringClass;

    private final ClassFiles classFiles;

    /** @param numbers how task ids are numbered, or null for the view's own object ids (benchmarks) */
    JdiHeapView(VirtualMachine vm, RoundTrips roundTrips, ClassFiles classFiles, TaskNumbers numbers) {
        this.vm = vm;
        this.numbers = numbers;
        this.roundTrips = roundTrips;
        this.classFiles = classFiles;
    }

    HeapClass heapClass(ReferenceType type) {
        return classes.computeIfAbsent(type, t -> {
            HeapClass heapClass = new HeapClass(nextClassId.incrementAndGet(), t.name());
            types.put(heapClass.id(), t);
            return heapClass;
        });
    }

    ObjectRef ref(ObjectReference object) {
        objects.put(object.uniqueID(), object);
        return new ObjectRef(object.uniqueID(), heapClass(object.referenceType()));
    }

    @Override
    public Map<ObjectRef, Long> taskNumbers(Collection<ObjectRef> refs) {
        if (numbers == null || refs.isEmpty()) {
            return Map.of();
        }
        List<ObjectRef> asked = List.copyOf(refs);
        Map<ObjectReference, Long> byMirror = numbers.numbers(asked.stream().map(this::mirror).toList());
        Map<ObjectRef, Long> numbered = new HashMap<>();
        asked.forEach(ref -> numbered.put(ref, byMirror.get(mirror(ref))));
        return numbered;
    }

    ObjectReference mirror(ObjectRef ref) {
        ObjectReference object = objects.get(ref.id());
        if (object == null) {
            throw new IllegalArgumentException("object " + ref.id() + " was not seen through this view");
        }
        return object;
    }

    private HeapClass stringClass() {
        if (stringClass == null) {
            stringClass = vm.classesByName("java.lang.String").stream().findFirst().map(this::heapClass).orElse(null);
        }
        return stringClass;
    }

    private ReferenceType type(HeapClass type) {
        return types.get(type.id());
    }

    @Override
    public List<HeapClass> classesNamed(String name) {
        return vm.classesByName(name).stream().map(this::heapClass).toList();
    }

    @Override
    public List<HeapClass> withSubclasses(String name) {
        List<HeapClass> found = new ArrayList<>();
        for (ReferenceType root : vm.classesByName(name)) {
            collectSubclasses(root, found);
        }
        return found;
    }

    private void collectSubclasses(ReferenceType type, List<HeapClass> into) {
        into.add(heapClass(type));
        if (type instanceof ClassType classType) {
            for (ClassType sub : classType.subclasses()) {
                collectSubclasses(sub, into);
            }
        }
    }

    @Override
    public List<ObjectRef> instances(Collection<HeapClass> types) {
        // The class is known: asking JDI for it would cost a round trip per instance.
        List<ObjectRef> found = new ArrayList<>();
        for (HeapClass type : types) {
            found.addAll(instances.computeIfAbsent(type, t -> type(t).instances(0).stream().map(o -> ref(o, t)).toList()));
        }
        return found;
    }

    private ObjectRef ref(ObjectReference object, HeapClass type) {
        objects.put(object.uniqueID(), object);
        return new ObjectRef(object.uniqueID(), type);
    }

    @Override
    public Map<ObjectRef, ObjectFields> fields(Collection<ObjectRef> refs) {
        return roundTrips.each(refs, ref -> {
            ObjectReference object = mirror(ref);
            List<Field> fields = instanceFields.computeIfAbsent(object.referenceType(), JdiHeapView::superclassFirst);
            Map<Field, Value> raw = object.getValues(fields);
            Map<String, HeapValue> values = new LinkedHashMap<>();
            for (Field field : fields) {
                values.put(field.name(), value(raw.get(field)));
            }
            return new ObjectFields(ref, values);
        });
    }

    /** Instance fields as a reader expects them: superclass fields first, a subclass's shadowing last. */
    private static List<Field> superclassFirst(ReferenceType type) {
        List<List<Field>> levels = new ArrayList<>();
        for (ReferenceType level = type; level != null;
             level = level instanceof ClassType c ? c.superclass() : null) {
            levels.add(level.fields().stream().filter(f -> !f.isStatic()).toList());
        }
        List<Field> ordered = new ArrayList<>();
        for (int i = levels.size() - 1; i >= 0; i--) {
            ordered.addAll(levels.get(i));
        }
        return ordered;
    }

    @Override
    public Map<ObjectRef, String> strings(Collection<ObjectRef> refs) {
        return roundTrips.each(refs, ref -> mirror(ref) instanceof StringReference s ? s.value() : null);
    }

    @Override
    public Map<ObjectRef, ArrayContents> arrays(Collection<ObjectRef> refs, int limit) {
        return roundTrips.each(refs, ref -> {
            if (!(mirror(ref) instanceof ArrayReference array)) {
                return null;
            }
            int length = array.length();
            int shown = Math.min(length, limit);
            List<HeapValue> first = shown == 0 ? List.of()
                    : array.getValues(0, shown).stream().map(this::value).toList();
            return new ArrayContents(ref, length, first);
        });
    }

    @Override
    public Map<String, HeapValue> statics(HeapClass heapClass) {
        ReferenceType type = type(heapClass);
        List<Field> fields = type.fields().stream().filter(Field::isStatic).toList();
        Map<String, HeapValue> values = new LinkedHashMap<>();
        type.getValues(fields).forEach((field, value) -> values.put(field.name(), value(value)));
        return values;
    }

    @Override
    public boolean isA(HeapClass heapClass, String ancestor) {
        ReferenceType type = type(heapClass);
        while (type instanceof ClassType classType) {
            if (classType.name().equals(ancestor)
                    || classType.interfaces().stream().anyMatch(i -> i.name().equals(ancestor))) {
                return true;
            }
            type = classType.superclass();
        }
        return false;
    }

    @Override
    public List<ObjectRef> platformThreads() {
        return vm.allThreads().stream().map(this::ref).toList();
    }

    @Override
    public Map<ObjectRef, ThreadSample> threadSamples(Collection<ObjectRef> threads, StackRequest request) {
        return roundTrips.each(threads, ref -> sample(ref, request));
    }

    private ThreadSample sample(ObjectRef ref, StackRequest request) {
        ThreadReference thread = (ThreadReference) mirror(ref);
        // Unmounted virtual threads are not covered by a VM-wide suspend unless JDWP tracks them.
        thread.suspend();
        try {
            List<StackFrameSample> frames = new ArrayList<>();
            for (StackFrame frame : thread.frames()) {
                frames.add(frame(frame, request));
            }
            List<ObjectRef> owned = vm.canGetOwnedMonitorInfo()
                    ? thread.ownedMonitors().stream().map(this::ref).toList() : List.of();
            ObjectReference contended = vm.canGetCurrentContendedMonitor() ? thread.currentContendedMonitor() : null;
            return new ThreadSample(ref, frames, owned, contended == null ? null : ref(contended), null);
        } catch (com.sun.jdi.IncompatibleThreadStateException | com.sun.jdi.InternalException e) {
            return new ThreadSample(ref, List.of(), List.of(), null, "stack not readable: " + e.getMessage());
        } finally {
            thread.resume();
        }
    }

    private StackFrameSample frame(StackFrame frame, StackRequest request) {
        Location location = frame.location();
        Method method = location.method();
        String type = location.declaringType().name();
        ObjectReference self = method.isStatic() || !request.receiversOf().test(type) ? null : StateMachines.receiver(frame);
        List<StackFrameSample.Local> locals = request.localsOf().test(type) ? locals(frame) : List.of();
        Integer slot = request.rawSlots().get(type + "." + method.name());
        HeapValue raw = slot == null ? null : RawSlots.read(frame, slot).map(this::value).orElse(null);
        // Before its first line (a breakpoint on a function's first instruction) a frame is at the function's start.
        int line = location.lineNumber() >= 0 || method.location() == null ? location.lineNumber() : method.location().lineNumber();
        return new StackFrameSample(location.declaringType().name(), method.name(), sourceName(location),
                line, self == null ? null : ref(self), locals, raw);
    }

    private List<StackFrameSample.Local> locals(StackFrame frame) {
        try {
            List<LocalVariable> visible = frame.visibleVariables();
            List<StackFrameSample.Local> locals = new ArrayList<>();
            try {
                Map<LocalVariable, Value> values = frame.getValues(visible);
                for (LocalVariable variable : visible) {
                    locals.add(new StackFrameSample.Local(variable.name(), variable.typeName(), value(values.get(variable))));
                }
            } catch (com.sun.jdi.InternalException unreadable) {
                // A local table can claim a slot before its first store (Kotlin 1.9's at a function's first
                // instruction): the JVM refuses the whole read, so each local is read alone, the refused left out.
                for (LocalVariable variable : visible) {
                    readAlone(frame, variable).ifPresent(locals::add);
                }
            }
            return locals;
        } catch (AbsentInformationException | com.sun.jdi.InvalidStackFrameException e) {
            return List.of();
        }
    }

    private Optional<StackFrameSample.Local> readAlone(StackFrame frame, LocalVariable variable) {
        try {
            return Optional.of(new StackFrameSample.Local(variable.name(), variable.typeName(), value(frame.getValue(variable))));
        } catch (com.sun.jdi.InternalException unreadable) {
            return Optional.empty();
        }
    }

    private static String sourceName(Location location) {
        try {
            return location.sourceName();
        } catch (AbsentInformationException e) {
            return null;
        }
    }

    @Override
    public List<MethodFacts> methods(HeapClass heapClass) {
        return type(heapClass).methods().stream().map(this::facts).toList();
    }

    @Override
    public Optional<MethodFacts> method(String className, String name, String descriptor) {
        return methodsBySite.computeIfAbsent(className + "." + name + descriptor, key -> vm.classesByName(className).stream()
                .flatMap(t -> t.methodsByName(name, descriptor).stream())
                .findFirst()
                .map(this::facts));
    }

    private MethodFacts facts(Method method) {
        List<String> names;
        try {
            names = method.arguments().stream().map(LocalVariable::name).toList();
        } catch (AbsentInformationException e) {
            names = List.of();
        }
        Location start = method.location();
        String file = start == null ? null : sourceName(start);
        int line = start == null ? -1 : start.lineNumber();
        byte[] code = vm.canGetBytecodes() && !method.isAbstract() && !method.isNative() ? method.bytecodes() : new byte[0];
        return new MethodFacts(method.declaringType().name(), method.name(), method.signature(), file, line, names, code);
    }

    @Override
    public Optional<byte[]> classFile(HeapClass type) {
        return classFiles.read(type.name());
    }

    @Override
    public Optional<ConstantPoolBytes> constantPool(HeapClass heapClass) {
        ReferenceType type = type(heapClass);
        if (!vm.canGetConstantPool()) {
            return Optional.empty();
        }
        return Optional.of(new ConstantPoolBytes(type.constantPoolCount(), type.constantPool()));
    }

    /** A value read through JDI, as the recognizers and the value reader take it. */
    HeapValue value(Value value) {
        if (value == null) {
            return HeapValue.NULL;
        }
        if (value instanceof StringReference string && stringClass() != null) {
            return ref(string, stringClass());   // JDWP tags strings: no class lookup needed
        }
        if (value instanceof ObjectReference object) {
            return ref(object);
        }
        return new HeapValue.Primitive(Primitives.box((com.sun.jdi.PrimitiveValue) value));
    }
}
