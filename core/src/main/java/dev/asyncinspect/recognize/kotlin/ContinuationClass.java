package dev.asyncinspect.recognize.kotlin;

/**
 * A state machine class as its frames show it, worked out once per class rather than once per
 * coroutine: a hundred thousand coroutines suspended in one function share all of it.
 */
public record ContinuationClass(DebugMetadata debug, String function, int[] lines, String[] notes) {

    public static ContinuationClass of(DebugMetadata debug) {
        int points = debug.suspensionPoints();
        int[] lines = new int[points];
        String[] notes = new String[points];
        for (int point = 0; point < points; point++) {
            lines[point] = debug.line(point);
            notes[point] = "state " + (point + 1) + " of " + points;
        }
        return new ContinuationClass(debug, debug.className() + "." + debug.method(), lines, notes);
    }

    /** The source line of suspension point {@code point} ({@code label - 1}), or -1. */
    public int line(int point) {
        return point >= 0 && point < lines.length ? lines[point] : -1;
    }

    String note(int point) {
        if (point < 0) {
            return "not started";
        }
        return point < notes.length ? notes[point] : "state " + (point + 1) + " of " + notes.length;
    }
}
