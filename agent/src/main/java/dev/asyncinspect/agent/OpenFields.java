package dev.asyncinspect.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields made readable by reflection. The JDK's packages (java.util.concurrent, java.lang) are
 * not open to the agent, so the first field of a closed package opens that package to the
 * agent's own module only, through {@link Instrumentation#redefineModule}; the app sees no change.
 */
final class OpenFields {

    private final Instrumentation instrumentation;
    private final Module agent;
    private final Map<Class<?>, List<Field>> instanceFields = new IdentityHashMap<>();

    OpenFields(Instrumentation instrumentation, Module agent) {
        this.instrumentation = instrumentation;
        this.agent = agent;
    }

    /** Instance fields as a reader expects them: superclass fields first, a subclass's shadowing last. */
    List<Field> instanceFields(Class<?> type) {
        return instanceFields.computeIfAbsent(type, t -> {
            List<Class<?>> levels = new ArrayList<>();
            for (Class<?> level = t; level != null; level = level.getSuperclass()) {
                levels.add(0, level);
            }
            List<Field> fields = new ArrayList<>();
            for (Class<?> level : levels) {
                for (Field field : level.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && open(field)) {
                        fields.add(field);
                    }
                }
            }
            return fields;
        });
    }

    /** Whether the field can be read; opens its package to the agent when needed. */
    boolean open(Field field) {
        if (field.trySetAccessible()) {
            return true;
        }
        Module module = field.getDeclaringClass().getModule();
        String pkg = field.getDeclaringClass().getPackageName();
        if (!instrumentation.isModifiableModule(module)) {
            return false;
        }
        instrumentation.redefineModule(module, Set.of(), Map.of(), Map.of(pkg, Set.of(agent)), Set.of(), Map.of());
        try {
            return field.trySetAccessible();
        } catch (InaccessibleObjectException | SecurityException stillClosed) {
            return false;
        }
    }

    Object get(Field field, Object object) {
        try {
            return field.get(object);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
