package dev.asyncinspect.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
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
    private final Map<Class<?>, Layout> layouts = new IdentityHashMap<>();
    private Class<?> lastType;
    private Layout lastLayout;

    /**
     * A class's readable instance fields by name, in declaration order with superclass fields first;
     * where a subclass shadows a name, its field takes that name's place.
     */
    record Layout(String[] names, Field[] fields, Map<String, Integer> index) {}

    OpenFields(Instrumentation instrumentation, Module agent) {
        this.instrumentation = instrumentation;
        this.agent = agent;
    }

    Layout layout(Class<?> type) {
        if (type == lastType) {
            return lastLayout;      // objects come in runs of one class
        }
        lastType = type;
        lastLayout = layouts.computeIfAbsent(type, t -> {
            List<Class<?>> levels = new ArrayList<>();
            for (Class<?> level = t; level != null; level = level.getSuperclass()) {
                levels.add(0, level);
            }
            Map<String, Integer> index = new HashMap<>();
            List<Field> fields = new ArrayList<>();
            for (Class<?> level : levels) {
                for (Field field : level.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && open(field)) {
                        Integer shadowed = index.putIfAbsent(field.getName(), fields.size());
                        if (shadowed == null) {
                            fields.add(field);
                        } else {
                            fields.set(shadowed, field);
                        }
                    }
                }
            }
            return new Layout(fields.stream().map(Field::getName).toArray(String[]::new), fields.toArray(Field[]::new), index);
        });
        return lastLayout;
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
