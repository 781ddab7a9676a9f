package dev.asyncinspect.serve.live;

import dev.asyncinspect.record.Recorder;
import dev.asyncinspect.source.SnapshotSource;

/**
 * One JVM the server shows: where its snapshots come from and its recorder, opened by the caller
 * (the agent, so the target needs no flags), owned from here on.
 *
 * @param name its main class or jar, for the tab
 */
public record Target(long pid, String name, SnapshotSource snapshots, Recorder recorder) {}
