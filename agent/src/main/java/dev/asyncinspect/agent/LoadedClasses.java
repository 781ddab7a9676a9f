package dev.asyncinspect.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The target's loaded classes by name, and each class's direct subclasses: built in one pass, so that finding a
 * class's subclasses costs what it finds, not a walk up from each of the ten thousand classes a framework loads.
 */
final class LoadedClasses {

    private final Map<String, List<Class<?>>> byName = new HashMap<>();
    private final Map<Class<?>, List<Class<?>>> subclasses = new IdentityHashMap<>();

    LoadedClasses(Class<?>[] all) {
        for (Class<?> type : all) {
            byName.computeIfAbsent(type.getTypeName(), n -> new ArrayList<>(1)).add(type);
            Class<?> parent = type.isInterface() ? null : type.getSuperclass();
            if (parent != null) {
                subclasses.computeIfAbsent(parent, p -> new ArrayList<>(2)).add(type);
            }
        }
    }

    /** The loaded classes of this name: one per loader that defined it. */
    List<Class<?>> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The classes of this name, unless interfaces, and every class that extends one of them. */
    List<Class<?>> withSubclasses(String name) {
        List<Class<?>> found = new ArrayList<>();
        Deque<Class<?>> next = new ArrayDeque<>();
        named(name).stream().filter(type -> !type.isInterface()).forEach(next::add);
        while (!next.isEmpty()) {
            Class<?> type = next.poll();
            found.add(type);
            next.addAll(subclasses.getOrDefault(type, List.of()));
        }
        return found;
    }
}
