package dev.asyncinspect.record;

import dev.asyncinspect.model.Recording;
import java.time.Duration;

/**
 * Records what a live target's async code does over time, in the model's terms: what {@code record},
 * {@code timeline}, {@code stats} and the exports use, without knowing where the recorder runs.
 */
public interface Recorder extends AutoCloseable {

    /**
     * @param capacity     the most events kept (the oldest go first, counted as dropped)
     * @param jfrThreshold the shortest thread wait (park, monitor, sleep, pinning) recorded
     */
    record Settings(int capacity, Duration jfrThreshold) {
        public static final Settings DEFAULT = new Settings(100_000, Duration.ofMillis(10));
        /** A {@code jfrThreshold} that records no thread waits through JFR (threads are still sampled). */
        public static final Duration NO_THREAD_WAITS = Duration.ofMillis(-1);
    }

    /** Starts recording; fails with a one-line message when the target cannot record or already records. */
    void start(Settings settings);

    /** The events so far of the running recording, else those of the last one; {@link Recording#NONE} before any. */
    Recording recording();

    /** Ends the recording and takes everything it installed out of the target; its events stay readable. */
    Recording stop();

    boolean running();

    /** Ends a running recording. */
    @Override
    void close();
}
