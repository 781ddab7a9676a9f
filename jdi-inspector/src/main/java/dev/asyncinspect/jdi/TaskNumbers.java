package dev.asyncinspect.jdi;

import com.sun.jdi.ArrayReference;
import com.sun.jdi.ArrayType;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The numbers task ids are made of ({@code c<number>}, {@code f<number>}) for objects read through
 * JDWP: their identity hash codes, the ids snapshots through the agent give them, so an id printed by
 * {@code dump} names the same object in an {@code attach} session and in the next JDWP connection.
 * The agent in the target computes them, one call for a whole snapshot, handed the objects through
 * a static field of its boot class.
 *
 * <p>Where the agent cannot load, the numbers are JDWP's own object ids set in a range of this
 * connection's own (from 2^40 up): an id of another session is then refused, never taken for
 * another object.
 */
final class TaskNumbers {

    static final String AGENT_MAIN = "dev.asyncinspect.agent.boot.AgentMain";
    private static final long RANGE = 1L << 40;
    private static final long HASH_BITS = 0x7fffffffL;

    private final VirtualMachine vm;
    private final Runnable agent;
    private final long ownRange = (1 + ThreadLocalRandom.current().nextLong(1 << 12)) * RANGE;
    private volatile boolean hashes;
    private final Map<Long, ObjectReference> byNumber = new ConcurrentHashMap<>();
    private final Map<Long, Long> numberOfUniqueId = new ConcurrentHashMap<>();

    /**
     * @param agent runs the agent's identity-hash call in the target, returning once it has answered (throws when
     *              refused); null when no agent can load: then the numbers are this connection's own
     */
    TaskNumbers(VirtualMachine vm, Runnable agent) {
        this.vm = vm;
        this.agent = agent;
        this.hashes = agent != null && warmUp();
    }

    /** Loads the agent's boot class once while the target runs, so later calls need only its attach listener. */
    private boolean warmUp() {
        try {
            agent.run();
            return agentMain() != null;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /** Whether ids are identity hash codes (as through the agent), or this connection's own. */
    boolean sharedWithTheAgent() {
        return hashes;
    }

    /** Each object's number, asked of the agent at most once per object for this connection. */
    Map<ObjectReference, Long> numbers(Collection<ObjectReference> objects) {
        Map<ObjectReference, Long> numbers = new HashMap<>();
        List<ObjectReference> unknown = new ArrayList<>();
        for (ObjectReference object : objects) {
            Long known = numberOfUniqueId.get(object.uniqueID());
            if (known != null) {
                numbers.put(object, known);
            } else {
                unknown.add(object);
            }
        }
        if (!unknown.isEmpty()) {
            long[] fresh = hashes ? identityHashes(unknown) : null;
            for (int i = 0; i < unknown.size(); i++) {
                ObjectReference object = unknown.get(i);
                long number = fresh != null ? unique(fresh[i]) : ownRange + object.uniqueID();
                // Held, so JDWP keeps its id (and the number its object) for the commands that follow.
                byNumber.put(number, object);
                numberOfUniqueId.put(object.uniqueID(), number);
                numbers.put(object, number);
            }
        }
        return numbers;
    }

    Long number(ObjectReference object) {
        return numbers(List.of(object)).get(object);
    }

    /** Objects that share a hash code get it plus a multiple of 2^31, as the agent's own table does. */
    private long unique(long hash) {
        long number = hash;
        while (byNumber.containsKey(number)) {
            number += HASH_BITS + 1;
        }
        return number;
    }

    /** The object a number names, when this connection has given it out. */
    Optional<ObjectReference> object(long number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    /** Why a number cannot be one of this connection's objects, or null when it can. */
    String foreign(long number) {
        boolean ownScheme = number >= RANGE;
        if (hashes && ownScheme) {
            return "it was given by a JDWP session on a target that loaded no agent";
        }
        if (!hashes && !ownScheme) {
            return "this session's ids are its JDWP connection's own (the target loads no agent), and this one is not";
        }
        if (!hashes && number / RANGE * RANGE != ownRange) {
            return "it was given by another JDWP connection (the target loads no agent, so ids hold for one connection only)";
        }
        return null;
    }

    private long[] identityHashes(List<ObjectReference> objects) {
        ClassType main = agentMain();
        ArrayType arrays = (ArrayType) vm.classesByName("java.lang.Object[]").get(0);
        ArrayReference asked = arrays.newInstance(objects.size());
        asked.disableCollection();
        try {
            fill(asked, objects);
            main.setValue(main.fieldByName("hashesAskedFor"), asked);
            withAttachListenerRunning(agent);
            Field answered = main.fieldByName("hashesAnswered");
            if (!(main.getValue(answered) instanceof ArrayReference answer) || answer.length() != objects.size()) {
                throw new TargetException("the agent did not answer with the objects' identity hash codes");
            }
            long[] numbers = new long[objects.size()];
            List<Value> values = answer.getValues();
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = ((IntegerValue) values.get(i)).value() & HASH_BITS;
            }
            main.setValue(answered, null);
            return numbers;
        } catch (com.sun.jdi.InvalidTypeException | com.sun.jdi.ClassNotLoadedException e) {
            throw new TargetException("cannot hand objects to the agent: " + e.getMessage());
        } finally {
            asked.enableCollection();
        }
    }

    /**
     * JDI checks each element of an {@code Object[]} it sets with a round trip of its own (the component
     * type is looked up by signature every time, uncached): 100,000 objects took two minutes. Every
     * object is assignable to {@code Object}, so the elements go in one JDWP command, through JDI's own
     * command class (the launcher opens {@code com.sun.tools.jdi}); without that, the checked way.
     */
    private static void fill(ArrayReference array, List<ObjectReference> objects)
            throws com.sun.jdi.InvalidTypeException, com.sun.jdi.ClassNotLoadedException {
        if (SET_VALUES != null) {
            try {
                Object values = java.lang.reflect.Array.newInstance(SET_VALUES.getParameterTypes()[3].getComponentType(), objects.size());
                for (int i = 0; i < objects.size(); i++) {
                    java.lang.reflect.Array.set(values, i, objects.get(i));
                }
                SET_VALUES.invoke(null, array.virtualMachine(), array, 0, values);
                return;
            } catch (ReflectiveOperationException | RuntimeException unusable) {
                // The checked way below.
            }
        }
        array.setValues(objects);
    }

    private static final java.lang.reflect.Method SET_VALUES = setValuesCommand();

    private static java.lang.reflect.Method setValuesCommand() {
        try {
            Class<?> command = Class.forName("com.sun.tools.jdi.JDWP$ArrayReference$SetValues");
            for (java.lang.reflect.Method method : command.getDeclaredMethods()) {
                if (method.getName().equals("process") && method.getParameterCount() == 4) {
                    method.setAccessible(true);
                    return method;
                }
            }
            return null;
        } catch (ReflectiveOperationException | RuntimeException closed) {
            return null;
        }
    }

    private ClassType agentMain() {
        for (ReferenceType type : vm.classesByName(AGENT_MAIN)) {
            if (type instanceof ClassType main && main.fieldByName("hashesAskedFor") != null) {
                return main;
            }
        }
        return null;
    }

    /**
     * The agent runs on the target's attach listener thread. While a snapshot (or a stop that suspends
     * the whole VM) holds every thread, that one alone is let run for the call.
     */
    private void withAttachListenerRunning(Runnable call) {
        ThreadReference listener = vm.allThreads().stream().filter(t -> t.name().equals("Attach Listener")).findFirst().orElse(null);
        int held = listener == null ? 0 : listener.suspendCount();
        for (int i = 0; i < held; i++) {
            listener.resume();
        }
        try {
            call.run();
        } finally {
            for (int i = 0; i < held; i++) {
                listener.suspend();
            }
        }
    }
}
