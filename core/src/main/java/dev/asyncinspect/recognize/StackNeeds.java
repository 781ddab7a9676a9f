package dev.asyncinspect.recognize;

import dev.asyncinspect.heap.StackRequest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a runtime needs read from thread stacks beyond the user's locals: the receivers of its own
 * frames (the future joined, the continuation resumed), raw slots of frames with no local names, and
 * the locals its compiler adds, which are machinery rather than the user's data.
 *
 * @param receivers    classes whose frames' {@code this} is read
 * @param rawSlots     function ({@code pkg.Class.method}) → slot read as an object in its frames
 * @param hiddenLocals local names not shown as variables
 */
public record StackNeeds(Predicate<String> receivers, Map<String, Integer> rawSlots, Set<String> hiddenLocals) {

    public static final StackNeeds NONE = new StackNeeds(c -> false, Map.of(), Set.of());

    public StackNeeds {
        rawSlots = Map.copyOf(rawSlots);
        hiddenLocals = Set.copyOf(hiddenLocals);
    }

    public static StackNeeds receivers(Predicate<String> receivers) {
        return new StackNeeds(receivers, Map.of(), Set.of());
    }

    public StackNeeds and(StackNeeds other) {
        Map<String, Integer> slots = new HashMap<>(rawSlots);
        slots.putAll(other.rawSlots);
        Set<String> hidden = new HashSet<>(hiddenLocals);
        hidden.addAll(other.hiddenLocals);
        return new StackNeeds(receivers.or(other.receivers), slots, hidden);
    }

    /** The request a source samples stacks with; {@code locals} says whose frames' locals are read. */
    public StackRequest request(Predicate<String> locals) {
        return new StackRequest(locals, receivers, rawSlots);
    }
}
