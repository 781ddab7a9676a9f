package dev.asyncinspect.jdi;

import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.VMDisconnectedException;
import dev.asyncinspect.heap.ObjectRef;
import dev.asyncinspect.heap.Progress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Sends many JDWP requests at once on one connection. The target's JDWP agent answers one at a
 * time, but keeping several requests in flight hides the round-trip latency that dominates a
 * naive walk.
 */
public final class RoundTrips implements AutoCloseable {

    private static final int BATCH = 64;

    private final ExecutorService pool;
    private final int parallelism;
    private volatile Progress progress = Progress.NONE;

    public RoundTrips(int parallelism) {
        this.parallelism = parallelism;
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread thread = new Thread(r, "async-inspect-jdwp");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reports how many objects of each bulk read are done, until set again. */
    public void reportTo(Progress progress) {
        this.progress = progress;
    }

    /** Applies {@code read} to every object; null results and objects collected meanwhile are left out. */
    public <T> Map<ObjectRef, T> each(Collection<ObjectRef> objects, Function<ObjectRef, T> read) {
        Map<ObjectRef, T> results = new ConcurrentHashMap<>();
        List<ObjectRef> all = List.copyOf(objects);
        if (all.size() <= BATCH || parallelism == 1) {
            readBatch(all, read, results);
            return new HashMap<>(results);
        }
        List<Future<?>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            List<ObjectRef> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            batches.add(pool.submit(() -> readBatch(batch, read, results)));
        }
        for (int i = 0; i < batches.size(); i++) {
            await(batches.get(i));
            progress.update("reading the target's objects", Math.min(all.size(), (long) (i + 1) * BATCH), all.size());
        }
        return new HashMap<>(results);    // callers look up absent (null) references too
    }

    private static <T> void readBatch(List<ObjectRef> batch, Function<ObjectRef, T> read, Map<ObjectRef, T> into) {
        for (ObjectRef ref : batch) {
            try {
                T value = read.apply(ref);
                if (value != null) {
                    into.put(ref, value);
                }
            } catch (ObjectCollectedException gone) {
                // Collected between listing and reading: it is no longer part of the picture.
            }
        }
    }

    private static void await(Future<?> batch) {
        try {
            batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VMDisconnectedException("interrupted while reading the target");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
