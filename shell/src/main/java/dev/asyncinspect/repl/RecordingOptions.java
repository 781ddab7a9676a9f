package dev.asyncinspect.repl;

import dev.asyncinspect.record.Recorder;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a recording is set up, the same for {@code record start} in a session and for the one-shot {@code record}. */
public final class RecordingOptions {

    private static final int MOST = 50_000_000;

    @Option(names = "--capacity", defaultValue = "100000", paramLabel = "N",
            description = "Keep at most this many events, the newest (default: ${DEFAULT-VALUE}; 40 bytes each in the target).")
    int capacity;

    @Option(names = "--jfr-threshold", defaultValue = "10ms", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Record threads' waits at least this long (default: ${DEFAULT-VALUE}).")
    Duration jfrThreshold;

    /** The settings; fails with one line when they are out of range. */
    public Recorder.Settings settings() {
        if (capacity < 1 || capacity > MOST) {
            throw new IllegalArgumentException("--capacity must be between 1 and 50,000,000");
        }
        if (jfrThreshold.isNegative()) {
            throw new IllegalArgumentException("--jfr-threshold cannot be negative");
        }
        return new Recorder.Settings(capacity, jfrThreshold);
    }
}
