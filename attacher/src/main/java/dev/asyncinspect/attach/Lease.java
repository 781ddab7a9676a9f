package dev.asyncinspect.attach;

import dev.asyncinspect.source.PrivateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The private file a recording in a target lives by: the tool touches it every two seconds, and a
 * recorder whose lease is older than {@link #MILLIS} ends by itself, so a tool killed mid-recording
 * leaves nothing running.
 */
final class Lease implements AutoCloseable {

    static final long MILLIS = 10_000;
    private static final long RENEW_MILLIS = 2_000;

    private final Path file;
    private final ScheduledExecutorService renewing;

    Lease(Path directory) throws IOException {
        file = PrivateFile.newFile(directory, "lease-", "");
        renewing = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "async-inspect-lease");
            thread.setDaemon(true);
            return thread;
        });
        renewing.scheduleAtFixedRate(this::renew, RENEW_MILLIS, RENEW_MILLIS, TimeUnit.MILLISECONDS);
    }

    Path file() {
        return file;
    }

    private void renew() {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException gone) {
            // The next request says what went wrong.
        }
    }

    @Override
    public void close() {
        renewing.shutdownNow();
        try {
            Files.deleteIfExists(file);
        } catch (IOException leftover) {
            // Private, and expired anyway.
        }
    }
}
