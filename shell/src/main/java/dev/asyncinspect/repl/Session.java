package dev.asyncinspect.repl;

import dev.asyncinspect.attach.JdwpLocator;
import dev.asyncinspect.control.Control;
import dev.asyncinspect.control.Stop;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.record.Recorder;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the REPL commands share: where snapshots come from, the current one, and the control of a
 * live target (breakpoints, stepping). Commands see only the model and the control interface; the
 * connection behind them is the source's business.
 */
public final class Session {

    private final Supplier<Snapshot> takeSnapshot;
    private final Supplier<Snapshot> takeThroughControl;
    private final Control control;
    private final Recorder recorder;
    private Snapshot current;
    private boolean quit;
    private boolean interactive;

    /**
     * @param control  breakpoints and stepping, or null when the source cannot control the target
     * @param recorder recording, or null when the source is not a live target the agent can load into
     */
    public Session(Supplier<Snapshot> takeSnapshot, Control control, Recorder recorder) {
        this(takeSnapshot, null, control, recorder);
    }

    /**
     * @param takeThroughControl a look through the control's own connection (JDWP: slower, but it reads what the
     *                           agent cannot, primitive locals), or null when the usual look is the only one
     */
    public Session(Supplier<Snapshot> takeSnapshot, Supplier<Snapshot> takeThroughControl, Control control, Recorder recorder) {
        this.takeSnapshot = takeSnapshot;
        this.takeThroughControl = takeThroughControl;
        this.control = control;
        this.recorder = recorder;
    }

    /** The current snapshot: the one taken at the current stop, else the last one, taken on first use. */
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

    /** A new snapshot through the control's connection. */
    public Snapshot refreshThroughControl() {
        if (takeThroughControl == null) {
            throw new ReplException(control == null ? "this session has no JDWP connection: its snapshots are the only look"
                    : "this session's snapshots already come through JDWP");
        }
        current = takeThroughControl.get();
        return current;
    }

    /** The target stopped: its tasks are as seen at the stop. */
    public void stoppedAt(Stop stop) {
        current = stop.snapshot();
    }

    /** A task by its id or, since ids are only good for one connection, by its name when one task has it. */
    public Task task(String idOrName) {
        Optional<Task> byId = snapshot().task(idOrName);
        if (byId.isPresent()) {
            return byId.get();
        }
        List<Task> named = snapshot().tasks().stream().filter(t -> idOrName.equals(t.name())).toList();
        if (named.size() > 1) {
            throw new ReplException(named.size() + " tasks are named '" + idOrName + "'; use an id (see tasks --name)");
        }
        return named.stream().findFirst().orElseThrow(() -> new ReplException("no task '" + idOrName + "' (see tasks)"));
    }

    /** Whether breakpoints and stepping are possible (a JDWP connection), without failing when not. */
    public boolean controls() {
        return control != null;
    }

    public Control control() {
        if (control == null) {
            throw new ReplException("this session is read-only: breakpoints and stepping need JDWP in the target;"
                    + " start it with " + JdwpLocator.JDWP_FLAG);
        }
        return control;
    }

    public Recorder recorder() {
        if (recorder == null) {
            throw new ReplException("recording needs a live JVM: a heap dump holds one moment only");
        }
        return recorder;
    }

    /** What was recorded: the running recording so far or the last one; none for a heap dump. */
    public Recording recording() {
        return recorder == null ? Recording.NONE : recorder.recording();
    }

    /** Whether a person at a terminal drives the session (views may redraw in place). */
    public boolean interactive() {
        return interactive;
    }

    void interactive(boolean interactive) {
        this.interactive = interactive;
    }

    public void quit() {
        quit = true;
    }

    public boolean quitting() {
        return quit;
    }
}
