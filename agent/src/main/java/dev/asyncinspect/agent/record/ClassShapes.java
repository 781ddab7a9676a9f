package dev.asyncinspect.agent.record;

import dev.asyncinspect.recognize.kotlin.RelayFields;
import dev.asyncinspect.recognize.kotlin.StateMachineLayout;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import sun.misc.Unsafe;

/**
 * What the recorder needs to know of each class its probes meet, worked out once per class: its
 * number in the recording, and where in its objects a state machine's label and the way up its
 * completion chain are.
 */
final class ClassShapes {

    /**
     * Offsets, not fields: a probe reads them on the app's hot path, and a reflective read checks the
     * receiver's class each time, which the JIT does not make cheap. A shape belongs to one concrete
     * class and is only used on objects of exactly that class, so the offsets always fit.
     *
     * @param label the offset of a state machine's {@code label}, or -1
     * @param up    the offset of the field that leads to the caller (a state machine's completion, a
     *              relay's delegate), or -1 at the top
     */
    record Shape(int number, Class<?> type, long label, long up) {

        int label(Object frame) {
            return label < 0 ? 0 : UNSAFE.getInt(frame, label);
        }

        Object up(Object frame) {
            return up < 0 ? null : UNSAFE.getObject(frame, up);
        }
    }

    static final Unsafe UNSAFE = unsafe();

    /** A ClassValue is the fastest lookup by class the JDK has; {@link #forget} takes its values off the classes again. */
    private final ClassValue<Shape> shapes = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return work(type);
        }
    };
    private final List<Class<?>> numbered = new ArrayList<>();


    /**
     * The shapes met lately, by the class's identity hash: reading a shared array is cheaper on the
     * probes' path than a ClassValue, which measured a third of a recorded hot loop's time. Shapes
     * are immutable, so a racing write at worst costs a lookup.
     */
    private final Shape[] recent = new Shape[1024];

    Shape of(Class<?> type) {
        int slot = System.identityHashCode(type) & (recent.length - 1);
        Shape shape = recent[slot];
        if (shape == null || shape.type() != type) {
            shape = shapes.get(type);
            recent[slot] = shape;
        }
        return shape;
    }

    /** Leaves no value of the recorder on the app's classes. */
    synchronized void forget() {
        numbered.forEach(shapes::remove);
        Arrays.fill(recent, null);
    }

    /** The classes by their numbers, for reading the recording. */
    synchronized List<Class<?>> numbered() {
        return List.copyOf(numbered);
    }

    private Shape work(Class<?> type) {
        int number;
        synchronized (this) {
            number = numbered.indexOf(type);     // computed twice when two threads race: one number still
            if (number < 0) {
                number = numbered.size();
                numbered.add(type);
            }
        }
        Field label = null;
        Field up = null;
        for (Class<?> level = type; level != null; level = level.getSuperclass()) {
            if (label == null) {
                label = declared(level, StateMachineLayout.LABEL, int.class);
            }
            if (level.getName().equals(StateMachineLayout.BASE_CONTINUATION)) {
                up = declared(level, StateMachineLayout.COMPLETION, null);
                break;
            }
            String relay = RelayFields.of(level.getName());
            if (relay != null) {
                up = declared(level, relay, null);
                label = null;
                break;
            }
        }
        boolean machine = up != null && up.getDeclaringClass().getName().equals(StateMachineLayout.BASE_CONTINUATION);
        return new Shape(number, type, machine ? offset(label) : -1, offset(up));
    }

    /** -1 for none, and for a hidden class's field, whose offset the JDK does not give. */
    static long offset(Field field) {
        try {
            return field == null ? -1 : UNSAFE.objectFieldOffset(field);
        } catch (UnsupportedOperationException hidden) {
            return -1;
        }
    }

    private static Unsafe unsafe() {
        try {
            Field theUnsafe = Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return (Unsafe) theUnsafe.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the recorder needs sun.misc.Unsafe", e);
        }
    }

    private Field declared(Class<?> type, String name, Class<?> fieldType) {
        try {
            Field field = type.getDeclaredField(name);
            return fieldType != null && field.getType() != fieldType ? null : field;
        } catch (NoSuchFieldException | SecurityException absent) {
            return null;
        }
    }

}
