package dev.asyncinspect.recognize;

/**
 * The time until a deadline the target scheduled (a delay, a timer) on its {@code System.nanoTime}:
 * CLOCK_MONOTONIC, the same clock this process reads, for a live JVM on this machine.
 */
public final class TimeLeft {

    private TimeLeft() {}

    /** Nanoseconds from now until {@code nanoTime}, never negative. */
    public static long until(long nanoTime) {
        return Math.max(0, nanoTime - System.nanoTime());
    }
}
