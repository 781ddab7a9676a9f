package dev.asyncinspect.heap;

import java.util.List;

/**
 * A thread's stack and monitors at the time of the snapshot.
 *
 * @param frames            innermost first; empty when the stack could not be read
 * @param ownedMonitors     monitors this thread holds
 * @param contendedMonitor  the monitor it blocks to enter or waits on, or null
 * @param problem           why the stack could not be read, or null
 */
public record ThreadSample(ObjectRef thread, List<StackFrameSample> frames, List<ObjectRef> ownedMonitors,
                           ObjectRef contendedMonitor, String problem) {}
