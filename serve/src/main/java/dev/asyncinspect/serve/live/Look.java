package dev.asyncinspect.serve.live;

import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Snapshot;

/**
 * One look at a live target: its snapshot and what its recorder had seen by then.
 *
 * @param sequence  counts this target's looks from 1, so a page knows when it is behind
 * @param costNanos how long the snapshot took, which sets the interval to the next look
 */
public record Look(long sequence, Snapshot snapshot, Recording recording, long costNanos) {}
