package dev.asyncinspect.agent;

import dev.asyncinspect.agent.jvmti.Jvmti;
import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.ClassFiles;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.MethodFacts;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.StackFrameSample;
import dev.asyncinspect.heap.StackRequest;
import dev.asyncinspect.heap.ThreadSample;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Array;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The heap seen from inside the target: objects are the objects themselves, fields are read by
 * reflection (which runs no user code and initializes nothing), and what reflection cannot give —
 * the instances of a class, other threads' stacks, locals and monitors — comes from the JVMTI
 * library. Every object it handed out is forgotten on close, so nothing of the target is kept alive.
 */
final class AgentHeapView implements HeapView, AutoCloseable {

    private static final int MAX_DEPTH = 1024;

    private final Instrumentation instrumentation;
    private final OpenFields openFields;
    private final ClassFiles classFiles;
    private final DebugInfo debugInfo;
    private final ObjectTable objects = new ObjectTable(this::heapClass);
    private final ReflectedFields.Values heapValues = this::value;     // one for all: a bound method reference is an object per use
    private int readPasses;
    private final Map<Class<?>, HeapClass> heapClasses = new IdentityHashMap<>();
    private final List<Class<?>> classes = new ArrayList<>();
    private final Map<Class<?>, List<ObjectRef>> instances = new IdentityHashMap<>();
    private final Map<HeapClass, List<MethodFacts>> methods = new HashMap<>();
    private final Map<HeapClass, Map<String, Boolean>> ancestry = new HashMap<>();
    private final Map<Class<?>, Optional<String>> sourceFiles = new IdentityHashMap<>();
    private final Set<String> unreadLocals = new LinkedHashSet<>();
    private final List<String> blockedVirtual = new ArrayList<>();
    private LoadedClasses loaded;

    AgentHeapView(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
        this.openFields = new OpenFields(instrumentation, AgentHeapView.class.getModule());
        this.classFiles = CodeSources.classFiles(this::loadedFrom);
        this.debugInfo = new DebugInfo(this::classFileOf);
    }

    private Optional<ClassFiles.Origin> loadedFrom(String className) {
        return loaded().named(className).stream().map(CodeSources::of).flatMap(Optional::stream).findFirst();
    }

    @Override
    public List<String> gaps() {
        List<String> gaps = new ArrayList<>();
        if (!unreadLocals.isEmpty()) {
            gaps.add(unreadLocals.size() + " primitive locals of thread frames are not shown (JDWP reads them: refresh --jdwp in a session),"
                    + " e.g. " + unreadLocals.iterator().next());
        }
        if (!blockedVirtual.isEmpty()) {
            gaps.add(blockedVirtual.size() + " virtual threads are blocked on a monitor JVMTI does not name"
                    + " (JDK-8328083; JDWP shows it), e.g. \"" + blockedVirtual.get(0) + "\"");
        }
        return gaps;
    }

    private HeapClass heapClass(Class<?> type) {
        HeapClass known = heapClasses.get(type);     // asked for every object handed out: no capturing lambda
        if (known == null) {
            classes.add(type);
            known = new HeapClass(classes.size(), type.getTypeName());   // "java.lang.String[]", as JDI names arrays
            heapClasses.put(type, known);
        }
        return known;
    }

    private Class<?> type(HeapClass heapClass) {
        return classes.get((int) heapClass.id() - 1);
    }

    private ObjectRef ref(Object object) {
        return objects.ref(object);
    }

    private Object object(ObjectRef ref) {
        return objects.object(ref);
    }

    private HeapValue value(Object value, boolean primitive) {
        if (primitive) {
            return new HeapValue.Primitive(value);
        }
        return value == null ? HeapValue.NULL : objects.ref(value);
    }

    private LoadedClasses loaded() {
        if (loaded == null) {
            loaded = new LoadedClasses(instrumentation.getAllLoadedClasses());
        }
        return loaded;
    }

    @Override
    public List<HeapClass> classesNamed(String name) {
        return loaded().named(name).stream().map(this::heapClass).toList();
    }

    @Override
    public List<HeapClass> withSubclasses(String name) {
        return loaded().withSubclasses(name).stream().map(this::heapClass).toList();
    }

    @Override
    public List<ObjectRef> instances(Collection<HeapClass> types) {
        Class<?>[] unseen = types.stream().map(this::type).filter(t -> !instances.containsKey(t)).distinct()
                .toArray(Class<?>[]::new);
        if (unseen.length > 0) {
            Object[][] found = Jvmti.instancesOf(unseen);
            for (int i = 0; i < unseen.length; i++) {
                instances.put(unseen[i], Arrays.stream(found[i]).map(this::ref).toList());
            }
        }
        List<ObjectRef> refs = new ArrayList<>();
        types.forEach(type -> refs.addAll(instances.get(type(type))));
        return refs;
    }

    @Override
    public Map<ObjectRef, ObjectFields> fields(Collection<ObjectRef> refs) {
        return read(refs, (ref, object) -> new ObjectFields(ref,
                new ReflectedFields(object, openFields.layout(object.getClass()), openFields, heapValues)));
    }

    @Override
    public Map<ObjectRef, String> strings(Collection<ObjectRef> refs) {
        return read(refs, (ref, object) -> object instanceof String string ? string : null);
    }

    @Override
    public Map<ObjectRef, ArrayContents> arrays(Collection<ObjectRef> refs, int limit) {
        return read(refs, (ref, array) -> {
            if (!array.getClass().isArray()) {
                return null;
            }
            boolean primitive = array.getClass().getComponentType().isPrimitive();
            int length = Array.getLength(array);
            List<HeapValue> first = new ArrayList<>();
            for (int i = 0; i < Math.min(length, limit); i++) {
                first.add(value(Array.get(array, i), primitive));
            }
            return new ArrayContents(ref, length, first);
        });
    }

    /** Reads each object asked for once, in the order asked; {@code reading} answers null for one it does not read. */
    private <V> Map<ObjectRef, V> read(Collection<ObjectRef> refs, BiFunction<ObjectRef, Object, V> reading) {
        int pass = ++readPasses;
        ReadObjects<V> read = new ReadObjects<>(refs.size());
        for (ObjectRef ref : refs) {
            int entry = objects.entry(ref);
            if (entry >= 0 && objects.firstReadIn(entry, pass)) {     // a reference asked for twice is read once
                V value = reading.apply(ref, objects.objectAt(entry));
                if (value != null) {
                    read.add(ref, value);
                }
            }
        }
        return read;
    }

    @Override
    public Map<String, HeapValue> statics(HeapClass heapClass) {
        Class<?> type = type(heapClass);
        Map<String, HeapValue> values = new LinkedHashMap<>();
        if (!Jvmti.isInitialized(type)) {
            return values;      // reading a static would run the class's initializer
        }
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && openFields.open(field)) {
                values.put(field.getName(), value(openFields.get(field, null), field.getType().isPrimitive()));
            }
        }
        return values;
    }

    @Override
    public boolean isA(HeapClass heapClass, String ancestor) {
        // Asked for every coroutine's state and context elements, of a few classes: getInterfaces() copies an array each time.
        return ancestry.computeIfAbsent(heapClass, h -> new HashMap<>()).computeIfAbsent(ancestor, a -> {
            for (Class<?> type = type(heapClass); type != null; type = type.getSuperclass()) {
                if (type.getTypeName().equals(a) || Arrays.stream(type.getInterfaces()).anyMatch(i -> i.getTypeName().equals(a))) {
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public List<ObjectRef> platformThreads() {
        Thread self = Thread.currentThread();      // the Attach Listener, busy running this agent
        return Arrays.stream(Jvmti.allThreads()).filter(t -> t != self && !OwnThreads.contains(t)).map(this::ref).toList();
    }

    @Override
    public Map<ObjectRef, ThreadSample> threadSamples(Collection<ObjectRef> refs, StackRequest request) {
        List<ObjectRef> asked = List.copyOf(refs);
        Thread[] threads = asked.stream().map(r -> (Thread) object(r)).toArray(Thread[]::new);
        if (threads.length == 0) {
            return Map.of();      // a heap walk for no thread is still a heap walk
        }
        Stack[] stacks = stacks(threads);
        Map<ObjectRef, ThreadSample> samples = new LinkedHashMap<>();
        for (int i = 0; i < threads.length; i++) {
            samples.put(asked.get(i), sample(asked.get(i), threads[i], stacks[i], request));
        }
        return samples;
    }

    /** A thread's stack trace (or why it is unreadable), and the objects and monitors its frames held at that moment. */
    private record Stack(Object[] trace, String unreadable, StackLocals.OfThread locals, boolean settled) {}

    private static final int SAMPLE_ATTEMPTS = 3;
    private static final String MOVED = "it kept running while sampled: its frames are from one moment, without their receivers and locals";

    /**
     * The heap walk that finds the frames' objects and the stack trace that names the frames are two
     * moments: a thread that moved between them would show objects in frames they are not in. So each
     * thread's trace is taken before and after the walk; a thread whose two traces differ is walked again,
     * and after a few attempts shown by its latest trace without its frames' objects, and said so. Its
     * monitors from the latest walk stand: the walk checks them with the JVM, not by the frames.
     */
    private static Stack[] stacks(Thread[] threads) {
        Stack[] stacks = new Stack[threads.length];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < threads.length; i++) {
            pending.add(i);
        }
        for (int attempt = 0; attempt < SAMPLE_ATTEMPTS && !pending.isEmpty(); attempt++) {
            Thread[] asked = pending.stream().map(i -> threads[i]).toArray(Thread[]::new);
            Stack[] before = traces(asked);
            StackLocals locals;
            try {
                locals = StackLocals.of(asked);
            } catch (IllegalStateException threadEnded) {
                locals = null;      // a thread ended under the walk: walked again with the others that moved
            }
            Stack[] after = traces(asked);
            List<Integer> moved = new ArrayList<>();
            for (int k = 0; k < asked.length; k++) {
                int i = pending.get(k);
                StackLocals.OfThread walked = locals == null ? StackLocals.OfThread.UNKNOWN : locals.ofThread(k);
                if (after[k].trace() == null || locals != null && sameFrames(before[k].trace(), after[k].trace())) {
                    stacks[i] = new Stack(after[k].trace(), after[k].unreadable(), walked, true);
                } else {
                    stacks[i] = new Stack(after[k].trace(), null, walked.monitorsOnly(), false);
                    moved.add(i);
                }
            }
            pending = moved;
        }
        return stacks;
    }

    private static Stack[] traces(Thread[] threads) {
        Stack[] traces = new Stack[threads.length];
        for (int i = 0; i < threads.length; i++) {
            try {
                traces[i] = new Stack(Jvmti.stackTrace(threads[i], MAX_DEPTH), null, null, true);
            } catch (IllegalStateException unreadable) {
                traces[i] = new Stack(null, unreadable.getMessage(), null, true);
            }
        }
        return traces;
    }

    /** The same methods at the same bytecode indices, frame for frame. */
    private static boolean sameFrames(Object[] one, Object[] other) {
        if (one == null || other == null) {
            return false;
        }
        return Arrays.equals((Class<?>[]) one[0], (Class<?>[]) other[0]) && Arrays.equals((String[]) one[1], (String[]) other[1])
                && Arrays.equals((String[]) one[2], (String[]) other[2]) && Arrays.equals((long[]) one[4], (long[]) other[4]);
    }

    private ThreadSample sample(ObjectRef ref, Thread thread, Stack stack, StackRequest request) {
        if (stack.trace() == null) {
            return new ThreadSample(ref, List.of(), List.of(), null, "stack not readable: " + stack.unreadable());
        }
        Object[] trace = stack.trace();
        StackLocals.OfThread locals = stack.locals();
        Class<?>[] declaring = (Class<?>[]) trace[0];
        String[] names = (String[]) trace[1];
        String[] signatures = (String[]) trace[2];
        int[] lines = (int[]) trace[3];
        long[] bcis = (long[]) trace[4];
        List<StackFrameSample> frames = new ArrayList<>(declaring.length);
        for (int depth = 0; depth < declaring.length; depth++) {
            Class<?> type = declaring[depth];
            String className = type.getTypeName();
            Map<Integer, Object> slots = locals.atDepth(depth);
            DebugInfo.MethodInfo info = debugInfo.method(type, names[depth], signatures[depth]);
            Object self = info.isStatic() || !request.receiversOf().test(className) || !type.isInstance(slots.get(0))
                    ? null : slots.get(0);
            List<StackFrameSample.Local> named = new ArrayList<>();
            if (request.localsOf().test(className)) {
                for (DebugInfo.LocalVariable variable : info.visibleAt((int) bcis[depth])) {
                    Object value = slots.get(variable.slot());
                    if (!variable.isReference()) {
                        unreadLocals.add(type.getSimpleName() + "." + names[depth] + ": " + variable.name());
                    } else if (value != null) {
                        named.add(new StackFrameSample.Local(variable.name(), variable.typeName(), value(value, false)));
                    }
                }
            }
            Integer slot = request.rawSlots().get(className + "." + names[depth]);
            Object raw = slot == null ? null : slots.get(slot);
            frames.add(new StackFrameSample(className, names[depth], sourceFile(type), lines[depth],
                    self == null ? null : ref(self), named, raw == null ? null : value(raw, false)));
        }
        if (isVirtual(thread)) {
            // JVMTI names no virtual thread as a monitor's owner or waiter (JDK-8328083)
            if (thread.getState() == Thread.State.BLOCKED) {
                blockedVirtual.add(thread.getName());
            }
            return new ThreadSample(ref, frames, List.of(), null, stack.settled() ? null : MOVED);
        }
        if (locals.owned() == null) {
            return new ThreadSample(ref, frames, List.of(), null, "its frames could not be walked: its monitors are not known");
        }
        List<ObjectRef> owned = locals.owned().stream().map(this::ref).toList();
        Object contended = locals.contended();
        return new ThreadSample(ref, frames, owned, contended == null ? null : ref(contended), stack.settled() ? null : MOVED);
    }

    /** Thread.isVirtual() arrived in 21; the agent also runs in 17. */
    private static boolean isVirtual(Thread thread) {
        for (Class<?> type = thread.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("java.lang.BaseVirtualThread")) {
                return true;
            }
        }
        return false;
    }

    private String sourceFile(Class<?> type) {
        return sourceFiles.computeIfAbsent(type, t -> Optional.ofNullable(Jvmti.sourceFileName(t))).orElse(null);
    }

    @Override
    public List<MethodFacts> methods(HeapClass heapClass) {
        return methods.computeIfAbsent(heapClass, h -> {
            Class<?> type = type(h);
            List<MethodFacts> facts = new ArrayList<>();
            for (Executable executable : declared(type)) {
                facts.add(facts(type, executable));
            }
            return facts;
        });
    }

    /** Reflection lists what the class declares; the names of parameters come from its class file. */
    private static List<Executable> declared(Class<?> type) {
        List<Executable> executables = new ArrayList<>(Arrays.asList(type.getDeclaredConstructors()));
        executables.addAll(Arrays.asList(type.getDeclaredMethods()));
        return executables;
    }

    private MethodFacts facts(Class<?> type, Executable executable) {
        String name = executable instanceof Method ? executable.getName() : "<init>";
        String descriptor = descriptor(executable);
        int[] lineTable = Jvmti.lineNumberTable(executable);
        int firstLine = -1;
        long firstLocation = Long.MAX_VALUE;
        for (int i = 0; i + 1 < lineTable.length; i += 2) {
            if (lineTable[i] < firstLocation) {
                firstLocation = lineTable[i];
                firstLine = lineTable[i + 1];
            }
        }
        byte[] code = Jvmti.bytecodes(executable);
        return new MethodFacts(type.getTypeName(), name, descriptor, sourceFile(type), firstLine,
                debugInfo.method(type, name, descriptor).parameterNames(), code == null ? new byte[0] : code);
    }

    private static String descriptor(Executable executable) {
        StringBuilder descriptor = new StringBuilder("(");
        for (Class<?> parameter : executable.getParameterTypes()) {
            descriptor.append(parameter.descriptorString());
        }
        descriptor.append(')');
        descriptor.append(executable instanceof Method method ? method.getReturnType().descriptorString() : "V");
        return descriptor.toString();
    }

    @Override
    public Optional<MethodFacts> method(String className, String name, String descriptor) {
        return classesNamed(className).stream()
                .flatMap(type -> methods(type).stream())
                .filter(m -> m.name().equals(name) && m.descriptor().equals(descriptor))
                .findFirst();
    }

    @Override
    public Optional<byte[]> classFile(HeapClass type) {
        return classFileOf(type(type));
    }

    /**
     * A class's file, from where its loader found it. Hidden classes (lambdas) have none, and the JDK's own are in
     * no entry of the class path: looking for either would open every jar of it for nothing.
     */
    private Optional<byte[]> classFileOf(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (type.isHidden() || loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return Optional.empty();
        }
        return classFiles.read(type.getName());
    }

    @Override
    public Optional<ConstantPoolBytes> constantPool(HeapClass heapClass) {
        Object[] pool = Jvmti.constantPool(type(heapClass));
        return Optional.of(new ConstantPoolBytes((Integer) pool[0], (byte[]) pool[1]));
    }

    /** Lets go of every object and class handed out, so the target's heap is as it was. */
    @Override
    public void close() {

        objects.clear();
        heapClasses.clear();
        classes.clear();
        instances.clear();
        methods.clear();
        ancestry.clear();
        sourceFiles.clear();
        loaded = null;
        classFiles.close();
    }
}
