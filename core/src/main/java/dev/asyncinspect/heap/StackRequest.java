package dev.asyncinspect.heap;

import java.util.Map;
import java.util.function.Predicate;

/**
 * What to read besides each frame's location; both cost a round trip per frame, so a recognizer
 * asks only for the classes it will look at.
 *
 * @param localsOf    classes whose frames' local variables are read
 * @param receiversOf classes whose frames' {@code this} is read
 * @param rawSlots    local variable slots to read by number in frames of these functions ({@code pkg.Class.method}),
 *                    for code compiled without local variable names (the JDK's own)
 */
public record StackRequest(Predicate<String> localsOf, Predicate<String> receiversOf, Map<String, Integer> rawSlots) {

    public StackRequest {
        rawSlots = Map.copyOf(rawSlots);
    }
}
