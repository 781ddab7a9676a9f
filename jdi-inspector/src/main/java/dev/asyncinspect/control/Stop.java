package dev.asyncinspect.control;

import dev.asyncinspect.model.Snapshot;

/**
 * The target stopped at a breakpoint or step: only the stopping thread is suspended.
 *
 * @param taskId   the task that stopped (a coroutine when one runs on the thread, else the thread)
 * @param reason   "breakpoint 1 (refill)", "step", "finish"
 * @param snapshot everything else, as seen at the stop
 */
public record Stop(String taskId, String reason, Snapshot snapshot) {}
