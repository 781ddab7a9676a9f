package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.ClassFiles;
import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.MethodFacts;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.heap.StackRequest;
import dev.asyncinspect.heap.ThreadSample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Handle;
import shark.HeapField;
import shark.HeapGraph;
import shark.HeapObject;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.PrimitiveArrayDumpRecord;
import shark.ValueHolder;

/**
 * The heap view over an HPROF file. Objects, fields, arrays and statics come from Shark's index;
 * thread stacks from the dump's STACK TRACE records with the objects each frame roots; methods and
 * lambda origins from the class files on the dumped JVM's class path. What a dump cannot tell
 * (monitor owners, local variable slots, unmounted virtual threads' stacks) is left empty and listed
 * in {@link #gaps()}.
 */
final class HprofHeapView implements HeapView {

    private final HeapGraph graph;
    private final ClassIndex index;
    private final StackRecords stacks;
    private final ClassFiles classFiles;
    private final JdkClassFiles jdkClassFiles;
    private final LambdaSites lambdaSites;
    private final ThreadStacks threadStacks;
    private final Map<String, Optional<ParsedClass>> parsed = new ConcurrentHashMap<>();
    private final Set<String> gaps = new LinkedHashSet<>();
    private ByteOrder utf16Order;
    private final boolean fieldsReversed;
    private final Progress progress;
    private long objectsRead;

    HprofHeapView(HeapGraph graph, ClassIndex index, StackRecords stacks, ClassFiles classFiles, JdkClassFiles jdkClassFiles,
                  int javaFeature, Progress progress) {
        this.index = index;
        this.progress = progress;
        this.jdkClassFiles = jdkClassFiles;
        this.fieldsReversed = javaFeature > 0 && javaFeature < 21;
        this.graph = graph;
        this.stacks = stacks;
        this.classFiles = classFiles;
        this.lambdaSites = new LambdaSites(graph, this::parsed);
        this.threadStacks = new ThreadStacks(stacks, this);
    }

    @Override
    public synchronized List<String> gaps() {
        return List.copyOf(gaps);
    }

    synchronized void gap(String line) {
        gaps.add(line);
    }

    // ---- classes

    @Override
    public List<HeapClass> classesNamed(String name) {
        return index.classesNamed(name);
    }

    @Override
    public List<HeapClass> withSubclasses(String name) {
        return index.withSubclasses(name);
    }

    @Override
    public boolean isA(HeapClass type, String ancestor) {
        for (HeapObject.HeapClass at = index.shark(type); at != null; at = at.getSuperclass()) {
            String name = ClassNames.hidden(at.getName());
            if (name.equals(ancestor) || implementsInterface(name, ancestor, 0)) {
                return true;
            }
        }
        return false;
    }

    /** A dump records no interfaces: the class files say, where they are on the class path. */
    private boolean implementsInterface(String className, String ancestor, int depth) {
        Optional<ParsedClass> parsedClass = parsed(className);
        if (parsedClass.isEmpty() || depth > 8) {
            return false;
        }
        for (String implemented : parsedClass.get().interfaces) {
            if (implemented.equals(ancestor) || implementsInterface(implemented, ancestor, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    // ---- objects

    @Override
    public List<ObjectRef> instances(Collection<HeapClass> types) {
        return index.instances(types);
    }

    HeapObject object(ObjectRef ref) {
        Long primitiveArray = primitiveArrayIds.get(ref.id());
        return primitiveArray != null ? graph.findObjectById(primitiveArray) : graph.findObjectByIndex((int) ref.id());
    }

    /**
     * Shark numbers primitive arrays past the end of the range its findObjectByIndex accepts: those are found
     * again by their object id.
     */
    private final Map<Long, Long> primitiveArrayIds = new HashMap<>();

    ObjectRef ref(HeapObject object) {
        HeapClass type;
        if (object instanceof HeapObject.HeapInstance instance) {
            type = index.heapClass(instance.getInstanceClass());
        } else if (object instanceof HeapObject.HeapObjectArray array) {
            type = index.heapClass(array.getArrayClass());
        } else if (object instanceof HeapObject.HeapPrimitiveArray array) {
            type = index.primitiveArrayClass(array.getArrayClassName());
            primitiveArrayIds.put((long) object.getObjectIndex(), object.getObjectId());
        } else {
            type = index.classClass();
        }
        return new ObjectRef(object.getObjectIndex(), type);
    }

    ObjectRef refById(long id) {
        HeapObject object = graph.findObjectByIdOrNull(id);
        return object == null ? null : ref(object);
    }

    private HeapValue value(ValueHolder holder) {
        if (holder instanceof ValueHolder.ReferenceHolder reference) {
            if (reference.isNull()) {
                return HeapValue.NULL;
            }
            ObjectRef ref = refById(reference.getValue());
            return ref == null ? HeapValue.NULL : ref;
        }
        Object boxed;
        if (holder instanceof ValueHolder.IntHolder h) boxed = h.getValue();
        else if (holder instanceof ValueHolder.LongHolder h) boxed = h.getValue();
        else if (holder instanceof ValueHolder.BooleanHolder h) boxed = h.getValue();
        else if (holder instanceof ValueHolder.CharHolder h) boxed = h.getValue();
        else if (holder instanceof ValueHolder.ByteHolder h) boxed = h.getValue();
        else if (holder instanceof ValueHolder.ShortHolder h) boxed = h.getValue();
        else if (holder instanceof ValueHolder.FloatHolder h) boxed = h.getValue();
        else if (holder instanceof ValueHolder.DoubleHolder h) boxed = h.getValue();
        else boxed = null;
        return boxed == null ? HeapValue.NULL : new HeapValue.Primitive(boxed);
    }

    private void counted(int objects) {
        objectsRead += objects;
        progress.update("reading heap objects", objectsRead, 0);
    }

    @Override
    public Map<ObjectRef, ObjectFields> fields(Collection<ObjectRef> objects) {
        Map<ObjectRef, ObjectFields> result = new LinkedHashMap<>();
        counted(objects.size());
        for (ObjectRef ref : objects) {
            if (result.containsKey(ref) || !(object(ref) instanceof HeapObject.HeapInstance instance)) {
                continue;
            }
            // Shark reads the most derived class first; a reader expects superclass fields first.
            List<List<HeapField>> levels = new ArrayList<>();
            HeapObject.HeapClass level = null;
            for (HeapField field : (Iterable<HeapField>) () -> instance.readFields().iterator()) {
                if (field.getDeclaringClass() != level) {
                    level = field.getDeclaringClass();
                    levels.add(new ArrayList<>());
                }
                levels.get(levels.size() - 1).add(field);
            }
            Map<String, HeapValue> values = new LinkedHashMap<>();
            for (int i = levels.size() - 1; i >= 0; i--) {
                for (HeapField field : declarationOrder(levels.get(i))) {
                    values.put(field.getName(), value(field.getValue().getHolder()));
                }
            }
            result.put(ref, new ObjectFields(ref, values));
        }
        return result;
    }

    /**
     * One class's fields as its source declares them. HotSpot writes a class's fields in reverse
     * before JDK 21 and in order since; the class file, where there is one, settles it.
     */
    private List<HeapField> declarationOrder(List<HeapField> level) {
        String className = ClassNames.hidden(level.get(0).getDeclaringClass().getName());
        List<String> declared = parsed(className).map(p -> p.instanceFields).orElse(List.of());
        List<HeapField> ordered = new ArrayList<>(level);
        if (!declared.isEmpty()) {
            ordered.sort(java.util.Comparator.comparingInt(f -> declared.indexOf(f.getName())));
        } else if (fieldsReversed) {
            java.util.Collections.reverse(ordered);
        }
        return ordered;
    }

    @Override
    public Map<ObjectRef, String> strings(Collection<ObjectRef> strings) {
        Map<ObjectRef, String> result = new LinkedHashMap<>();
        counted(strings.size());
        for (ObjectRef ref : strings) {
            if (object(ref) instanceof HeapObject.HeapInstance instance && instance.getInstanceClassName().equals("java.lang.String")) {
                String text = text(instance);
                if (text != null) {
                    result.put(ref, text);
                }
            }
        }
        return result;
    }

    /** A String's characters: {@code value} is a char[] before JDK 9, else a byte[] read by its {@code coder}. */
    private String text(HeapObject.HeapInstance string) {
        HeapField valueField = string.readField("java.lang.String", "value");
        HeapObject value = valueField == null ? null : valueField.getValue().getAsObject();
        if (!(value instanceof HeapObject.HeapPrimitiveArray array)) {
            return null;
        }
        PrimitiveArrayDumpRecord record = array.readRecord();
        if (record instanceof PrimitiveArrayDumpRecord.CharArrayDump chars) {
            return new String(chars.getArray());
        }
        if (!(record instanceof PrimitiveArrayDumpRecord.ByteArrayDump bytes)) {
            return null;
        }
        HeapField coderField = string.readField("java.lang.String", "coder");
        Byte coder = coderField == null ? Byte.valueOf((byte) 0) : coderField.getValue().getAsByte();
        if (coder == null || coder == 0) {
            return new String(bytes.getArray(), StandardCharsets.ISO_8859_1);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes.getArray()).order(utf16Order());
        char[] chars = new char[bytes.getArray().length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = buffer.getChar(i * 2);
        }
        return new String(chars);
    }

    /** UTF-16 strings hold their chars in the JVM's byte order, which StringUTF16 records (HI_BYTE_SHIFT 8 on big-endian). */
    private synchronized ByteOrder utf16Order() {
        if (utf16Order == null) {
            utf16Order = ByteOrder.LITTLE_ENDIAN;
            for (HeapClass type : classesNamed("java.lang.StringUTF16")) {
                if (statics(type).get("HI_BYTE_SHIFT") instanceof HeapValue.Primitive p && Integer.valueOf(8).equals(p.value())) {
                    utf16Order = ByteOrder.BIG_ENDIAN;
                }
            }
        }
        return utf16Order;
    }

    @Override
    public Map<ObjectRef, ArrayContents> arrays(Collection<ObjectRef> arrays, int limit) {
        Map<ObjectRef, ArrayContents> result = new LinkedHashMap<>();
        counted(arrays.size());
        for (ObjectRef ref : arrays) {
            HeapObject object = object(ref);
            if (object instanceof HeapObject.HeapObjectArray array) {
                long[] ids = array.readRecord().getElementIds();
                List<HeapValue> first = new ArrayList<>();
                for (int i = 0; i < Math.min(limit, ids.length); i++) {
                    ObjectRef element = ids[i] == 0 ? null : refById(ids[i]);
                    first.add(element == null ? HeapValue.NULL : element);
                }
                result.put(ref, new ArrayContents(ref, ids.length, first));
            } else if (object instanceof HeapObject.HeapPrimitiveArray array) {
                List<Object> elements = PrimitiveArrays.first(array.readRecord(), limit);
                int length = PrimitiveArrays.length(array.readRecord());
                result.put(ref, new ArrayContents(ref, length, elements.stream().map(e -> (HeapValue) new HeapValue.Primitive(e)).toList()));
            }
        }
        return result;
    }

    @Override
    public Map<String, HeapValue> statics(HeapClass type) {
        Map<String, HeapValue> values = new LinkedHashMap<>();
        HeapObject.HeapClass sharkClass = index.shark(type);
        if (sharkClass == null) {
            return values;     // a class the dump did not record
        }
        for (HeapField field : (Iterable<HeapField>) () -> sharkClass.readStaticFields().iterator()) {
            if (!field.getName().startsWith("<")) {     // HotSpot's own: <resolved_references>, <init_lock>
                values.put(field.getName(), value(field.getValue().getHolder()));
            }
        }
        return values;
    }

    // ---- threads

    @Override
    public List<ObjectRef> platformThreads() {
        List<ObjectRef> threads = new ArrayList<>();
        for (long id : stacks.threadObjects()) {
            ObjectRef ref = refById(id);
            if (ref != null && !isA(ref.type(), "java.lang.VirtualThread")) {
                threads.add(ref);
            }
        }
        threads.sort(java.util.Comparator.comparingLong(ObjectRef::id));
        return threads;
    }

    @Override
    public Map<ObjectRef, ThreadSample> threadSamples(Collection<ObjectRef> threads, StackRequest request) {
        return threadStacks.samples(threads, request);
    }

    // ---- class files

    Optional<ParsedClass> parsed(String className) {
        return parsed.computeIfAbsent(className, name -> {
            try {
                Optional<byte[]> bytes = classFiles.read(name);
                if (bytes.isEmpty() && jdkClassFiles != null) {
                    bytes = jdkClassFiles.read(name);
                }
                return bytes.map(ParsedClass::parse);
            } catch (RuntimeException unreadable) {
                if (Boolean.getBoolean("asyncinspect.debug")) unreadable.printStackTrace();
                return Optional.empty();
            }
        });
    }

    @Override
    public List<MethodFacts> methods(HeapClass type) {
        if (LambdaSites.isLambda(type.name())) {
            return lambdaForwarder(type).map(f -> List.of(f.method())).orElse(List.of());
        }
        return parsed(type.name()).map(p -> p.methods.stream().map(ParsedClass.Method::facts).toList()).orElse(List.of());
    }

    @Override
    public Optional<MethodFacts> method(String className, String name, String descriptor) {
        return parsed(className).flatMap(p -> p.method(name, descriptor)).map(ParsedClass.Method::facts);
    }

    @Override
    public Optional<byte[]> classFile(HeapClass type) {
        return parsed(type.name()).map(p -> p.bytes);
    }

    @Override
    public Optional<ConstantPoolBytes> constantPool(HeapClass type) {
        if (LambdaSites.isLambda(type.name())) {
            return lambdaForwarder(type).map(LambdaForwarder::pool);
        }
        return parsed(type.name()).map(p -> p.constantPool);
    }

    private final Map<Long, Optional<LambdaForwarder>> forwarders = new ConcurrentHashMap<>();

    private Optional<LambdaForwarder> lambdaForwarder(HeapClass type) {
        return forwarders.computeIfAbsent(type.id(), id -> {
            Optional<Handle> implementation = lambdaSites.implementation(index.shark(type), type.name());
            if (implementation.isEmpty()) {
                gap("heap dump: lambda class " + LambdaSites.host(type.name())
                        + "$$Lambda not matched to its source (host class file missing or several lambdas of one shape)");
            }
            return implementation.map(h -> LambdaForwarder.of(type.name(), h));
        });
    }
}
