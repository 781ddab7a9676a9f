package dev.asyncinspect.repl;

import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the REPL commands share: where snapshots come from and the current one. Commands see only
 * the model; the connection behind {@code takeSnapshot} is the source's business.
 */
public final class Session {

    private final Supplier<Snapshot> takeSnapshot;
    private Snapshot current;
    private boolean quit;

    public Session(Supplier<Snapshot> takeSnapshot) {
        this.takeSnapshot = takeSnapshot;
    }

    /** The current snapshot, taken on first use. */
    public Snapshot snapshot() {
        if (current == null) {
            current = takeSnapshot.get();
        }
        return current;
    }

    public Snapshot refresh() {
        current = takeSnapshot.get();
        return current;
    }

    public Task task(String id) {
        Optional<Task> task = snapshot().task(id);
        return task.orElseThrow(() -> new ReplException("no task '" + id + "' (see tasks)"));
    }

    public void quit() {
        quit = true;
    }

    public boolean quitting() {
        return quit;
    }
}
