package dev.asyncinspect.render;

import dev.asyncinspect.heap.Progress;
import java.io.PrintWriter;

/**
 * One self-overwriting status line on a terminal while a long snapshot reads the target; cleared
 * when done. Drawn at most ten times a second; never used when output is piped.
 */
public final class ProgressLine implements Progress, AutoCloseable {

    private static final long INTERVAL_NANOS = 100_000_000;

    private final PrintWriter terminal;
    private long lastDrawn;
    private boolean drawn;

    public ProgressLine(PrintWriter terminal) {
        this.terminal = terminal;
    }

    @Override
    public synchronized void update(String what, long done, long total) {
        long now = System.nanoTime();
        if (now - lastDrawn < INTERVAL_NANOS) {
            return;
        }
        lastDrawn = now;
        String figures = total > 0 ? String.format("%,d of %,d (%d%%)", done, total, done * 100 / total) : String.format("%,d", done);
        terminal.print("\r\u001b[2K" + what + ": " + figures);
        terminal.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            terminal.print("\r\u001b[2K");
            terminal.flush();
        }
    }
}
