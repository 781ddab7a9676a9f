package dev.asyncinspect.serve.live;

import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.record.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Looks at one target again and again on a thread of its own, at an interval set by what a look costs the
 * target (ten times a snapshot's duration, between {@link #FASTEST} and {@link #SLOWEST}), so a big
 * heap is not read back to back. Everyone who serves the target reads the latest look from here: a page,
 * a metrics scrape or the span export never takes a snapshot of its own.
 */
public final class Watch implements AutoCloseable {

    public static final Duration FASTEST = Duration.ofSeconds(1);
    public static final Duration SLOWEST = Duration.ofSeconds(30);
    private static final int COST_FACTOR = 10;

    /** Where a watch is: looking, or stopped for good with the reason. */
    public sealed interface Status {
        /** @param notRecording why the recorder could not start (times in state are then unknown), or null */
        record Watching(Duration interval, String notRecording) implements Status {}

        record Failing(String reason, Duration interval) implements Status {}

        record Ended(String reason) implements Status {}
    }

    private final Target target;
    private final Recorder.Settings settings;
    private final List<Consumer<Look>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Look latest;
    private volatile Status status = new Status.Watching(FASTEST, null);
    private String notRecording;
    private volatile boolean closed;

    public Watch(Target target, Recorder.Settings settings) {
        this.target = target;
        this.settings = settings;
        this.thread = new Thread(this::run, "async-inspect watch " + target.pid());
        thread.setDaemon(true);
    }

    public Target target() {
        return target;
    }

    /** The latest look, or null before the first. */
    public Look latest() {
        return latest;
    }

    public Status status() {
        return status;
    }

    /** Called with each new look, on the watch's thread; also when the status changes (with the latest look). */
    public void onLook(Consumer<Look> listener) {
        listeners.add(listener);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            target.recorder().start(settings);
        } catch (RuntimeException refused) {
            // Snapshots still work without a recording: times in state are then unknown, and the page says so.
            notRecording = firstLine(refused);
        }
        long sequence = 0;
        while (!closed) {
            Duration interval;
            try {
                long started = System.nanoTime();
                Snapshot snapshot = target.snapshots().snapshot(ValueReader.Limits.DEFAULT, Progress.NONE);
                long cost = System.nanoTime() - started;
                Recording recording = target.recorder().running() ? target.recorder().recording() : Recording.NONE;
                interval = interval(cost);
                latest = new Look(++sequence, snapshot, recording, cost);
                status = new Status.Watching(interval, notRecording);
            } catch (RuntimeException failed) {
                if (closed) {
                    return;
                }
                if (!alive()) {
                    status = new Status.Ended("the target (pid " + target.pid() + ") exited");
                    notifyListeners();
                    return;
                }
                interval = SLOWEST.dividedBy(6);
                status = new Status.Failing(firstLine(failed), interval);
            }
            notifyListeners();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    static Duration interval(long costNanos) {
        Duration wanted = Duration.ofNanos(costNanos).multipliedBy(COST_FACTOR);
        return wanted.compareTo(FASTEST) < 0 ? FASTEST : wanted.compareTo(SLOWEST) > 0 ? SLOWEST : wanted;
    }

    private void notifyListeners() {
        Look look = latest;
        for (Consumer<Look> listener : listeners) {
            try {
                listener.accept(look);
            } catch (RuntimeException ignored) {
                // One failing listener (a page gone mid-write) must not stop the others or the watch.
            }
        }
    }

    private boolean alive() {
        return ProcessHandle.of(target.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String firstLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** Stops looking, ends the recording (taking its probes out of the target) and closes the connection. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            target.recorder().close();
        } finally {
            target.snapshots().close();
        }
    }
}
