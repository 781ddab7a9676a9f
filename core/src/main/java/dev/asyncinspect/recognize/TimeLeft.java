package dev.asyncinspect.recognize;

import java.time.Duration;

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

    /** A duration the way a person reads it: {@code 2 h 5 min}, {@code 1 min 3 s}, {@code 250 ms}. */
    public static String shortly(long nanos) {
        Duration d = Duration.ofNanos(Math.max(0, nanos));
        if (d.toDays() > 0) return d.toDays() + " d " + d.toHoursPart() + " h";
        if (d.toHours() > 0) return d.toHours() + " h " + d.toMinutesPart() + " min";
        if (d.toMinutes() > 0) return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        return d.toMillis() + " ms";
    }
}
