package dev.asyncinspect.control;

import dev.asyncinspect.model.Snapshot;

/**
 * The target stopped at a breakpoint or step: the stopping thread, or the whole VM, is suspended.
 *
 * @param taskId   the task that stopped (the task a breakpoint names, else a coroutine when one runs on the
 *                 thread, else the thread)
 * @param reason   "breakpoint 1 (refill)", "step"
 * @param event    what happened, when the breakpoint is about a change of state: "c12 suspended",
 *                 "f40 completed with "door 4""; else null
 * @param snapshot everything else, as seen at the stop
 */
public record Stop(String taskId, String reason, String event, Snapshot snapshot) {}
