package dev.asyncinspect.source;

import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.values.ValueReader;

/**
 * Where snapshots come from: a live JDWP connection, the agent inside the target, or a heap dump.
 * Views and the REPL see only this and the model.
 */
public interface SnapshotSource extends AutoCloseable {

    VmInfo vmInfo();

    /** One look at the target: every task, analysed; a partial look lists what it missed in its gaps. */
    Snapshot snapshot(ValueReader.Limits limits, Progress progress);

    /** Leaves the target as it was found, running. */
    @Override
    void close();
}
