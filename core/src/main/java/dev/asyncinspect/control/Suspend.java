package dev.asyncinspect.control;

import java.util.Locale;

/** What a stop holds: only the thread that hit it, so the app keeps serving, or the whole VM. */
public enum Suspend {
    THREAD, ALL;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
