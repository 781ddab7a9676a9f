package dev.asyncinspect.recognize.kotlin;

import java.util.ArrayList;
import java.util.List;

/**
 * How the Kotlin compiler lays a suspend function out as a state machine: which field of its
 * continuation holds what, at which state. The one place this is decoded, for snapshots from any
 * source and for breakpoints, their conditions and stepping, so that the next Kotlin version is
 * fixed once and they cannot disagree.
 */
public final class StateMachineLayout {

    public static final String BASE_CONTINUATION = "kotlin.coroutines.jvm.internal.BaseContinuationImpl";
    /** Kotlin 2.3+ describes a tail-call suspend function's frame in plain fields instead of a state machine. */
    public static final String TAIL_CALL = "kotlin.coroutines.jvm.internal.TailCallBaseContinuationImpl";
    public static final String LABEL = "label";
    /** A state machine's caller: the next outer state machine, or its coroutine. */
    public static final String COMPLETION = "completion";
    /** Set in {@code label} while invokeSuspend re-enters a named suspend function to resume it. */
    private static final int RESUMING = 0x80000000;

    /** A spilled local: its name in the source and the continuation field holding it. */
    public record Spill(String name, String field) {
        /** The compiler nulls a spilled reference once the local is dead: a null there is no value. */
        public boolean deadWhenNull() {
            return field.startsWith("L$");
        }
    }

    private StateMachineLayout() {}

    /** The suspension point a machine is at (1-based), or 0 before its first suspension. */
    public static int state(int label) {
        return label & ~RESUMING;
    }

    /** Whether the machine's function is being re-entered to resume (it has not reached its point's code yet). */
    public static boolean reentering(int label) {
        return (label & RESUMING) != 0;
    }

    /** The locals live at a state, as {@code @DebugMetadata} pairs them with spilled fields (inline markers left out). */
    public static List<Spill> liveAt(DebugMetadata debug, int state) {
        List<Spill> live = new ArrayList<>();
        int point = state - 1;
        for (int i = 0; i < debug.spilled().size() && i < debug.labels().size() && i < debug.localNames().size(); i++) {
            String local = debug.localNames().get(i);
            if (debug.labels().get(i) == point && !local.startsWith("$i$")) {
                live.add(new Spill(local, debug.spilled().get(i)));
            }
        }
        return live;
    }

    /** A lambda's captured variable {@code x} is its field {@code $x}; {@code $completion} is the caller, not a capture. */
    public static boolean isCaptured(String field) {
        return field.startsWith("$") && !field.equals("$completion");
    }

    public static String capturedField(String variable) {
        return "$" + variable;
    }

    public static String capturedName(String field) {
        return field.substring(1);
    }

    /** {@code L$0}, {@code I$1}…: where a local lives while its function is suspended. */
    public static boolean isSpilled(String field) {
        return field.length() > 2 && field.charAt(1) == '$' && "LIJFD".indexOf(field.charAt(0)) >= 0;
    }

    /** The continuation class Kotlin generates for {@code Owner.fn} is {@code Owner$fn$1}. */
    public static boolean ownContinuation(String continuationClass, String ownerClass, String function) {
        return continuationClass.startsWith(ownerClass + "$" + function + "$");
    }
}
