package dev.asyncinspect.heap;

import java.util.function.Predicate;

/**
 * What to read besides each frame's location; both cost a round trip per frame, so a recognizer
 * asks only for the classes it will look at.
 *
 * @param localsOf    classes whose frames' local variables are read
 * @param receiversOf classes whose frames' {@code this} is read
 */
public record StackRequest(Predicate<String> localsOf, Predicate<String> receiversOf) {}
