package dev.asyncinspect.agent.record;

import dev.asyncinspect.recognize.kotlin.RelayFields;
import dev.asyncinspect.recognize.kotlin.StateMachineLayout;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the recorder needs to know of each class its probes meet, worked out once per class: its
 * number in the recording, and the fields that give a state machine's label and the way up its
 * completion chain. Fields are read by reflection; a closed package is opened to the agent only.
 */
final class ClassShapes {

    /**
     * @param label    a state machine's {@code label}, or null
     * @param up       the field that leads to the caller: a state machine's completion, a relay's delegate; null at the top
     */
    record Shape(int number, Class<?> type, Field label, Field up) {}

    private final Instrumentation instrumentation;
    private final Map<Class<?>, Shape> shapes = new ConcurrentHashMap<>();
    private final List<Class<?>> numbered = new ArrayList<>();

    ClassShapes(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    Shape of(Class<?> type) {
        Shape known = shapes.get(type);
        return known != null ? known : shapes.computeIfAbsent(type, this::work);
    }

    /** The classes by their numbers, for reading the recording. */
    synchronized List<Class<?>> numbered() {
        return List.copyOf(numbered);
    }

    private Shape work(Class<?> type) {
        int number;
        synchronized (this) {
            number = numbered.size();
            numbered.add(type);
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
        return new Shape(number, type, up != null && up.getDeclaringClass().getName()
                .equals(StateMachineLayout.BASE_CONTINUATION) ? label : null, up);
    }

    private Field declared(Class<?> type, String name, Class<?> fieldType) {
        try {
            Field field = type.getDeclaredField(name);
            if (fieldType != null && field.getType() != fieldType) {
                return null;
            }
            open(field);
            return field;
        } catch (NoSuchFieldException | SecurityException absent) {
            return null;
        }
    }

    void open(Field field) {
        try {
            field.setAccessible(true);
        } catch (InaccessibleObjectException closed) {
            Class<?> owner = field.getDeclaringClass();
            instrumentation.redefineModule(owner.getModule(), Set.of(), Map.of(),
                    Map.of(owner.getPackageName(), Set.of(ClassShapes.class.getModule())), Set.of(), Map.of());
            field.setAccessible(true);
        }
    }
}
