package dev.asyncinspect.text;

import dev.asyncinspect.model.TimeInState;

/** Durations as people read them: {@code 850 ms}, {@code 6.2 s}, {@code 3 min 12 s}, {@code 2 h 5 min}, {@code 30 d 0 h}. */
public final class Durations {

    private Durations() {}

    public static String text(long nanos) {
        long millis = nanos / 1_000_000;
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format("%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }

    /** A task's time in its state; a lower bound reads {@code ≥ 6.2 s}. */
    public static String text(TimeInState time) {
        return (time.exact() ? "" : "≥ ") + text(time.nanos());
    }
}
