package dev.asyncinspect.model;

import java.util.List;

/**
 * One unit of async work as the user thinks of it: a thread, a virtual thread, a future, a
 * coroutine or a reactive pipeline. Frames run innermost first.
 *
 * @param parent    the id of the task that started this one in a structured hierarchy (a coroutine's parent Job), or null
 * @param holds     resources this task holds (monitors, locks)
 * @param waitedBy  ids of the tasks that wait for this one
 * @param facts     kind-specific facts shown beside the state (carrier, chain position, stage)
 * @param inState   how long it has been in its state, where a recording or the heap tells; null when unknown
 */
public record Task(
        String id,
        TaskKind kind,
        String name,
        TaskState state,
        String parent,
        List<Frame> frames,
        List<WaitEdge> waitingFor,
        List<Resource> holds,
        List<String> waitedBy,
        List<Fact> facts,
        TimeInState inState) {

    /** A task whose time in its state is unknown. */
    public Task(String id, TaskKind kind, String name, TaskState state, String parent, List<Frame> frames,
                List<WaitEdge> waitingFor, List<Resource> holds, List<String> waitedBy, List<Fact> facts) {
        this(id, kind, name, state, parent, frames, waitingFor, holds, waitedBy, facts, null);
    }

    public Task {
        frames = List.copyOf(frames);
        waitingFor = List.copyOf(waitingFor);
        holds = List.copyOf(holds);
        waitedBy = List.copyOf(waitedBy);
        facts = List.copyOf(facts);
    }

    /**
     * The frame a user looks at first: the innermost one in their own code, else the innermost one outside the runtime
     * (a framework's), else the innermost one; null without frames.
     */
    public Frame focusFrame() {
        return frames.stream().filter(f -> !PlatformCode.contains(f.function()) && !PlatformCode.isFramework(f.function())).findFirst()
                .or(() -> frames.stream().filter(f -> !PlatformCode.contains(f.function())).findFirst())
                .orElse(frames.isEmpty() ? null : frames.get(0));
    }

    /** Whether any frame runs the user's code (or a framework's) rather than the runtime's. */
    public boolean runsOwnCode() {
        return frames.stream().anyMatch(f -> !PlatformCode.contains(f.function()));
    }

    /**
     * A platform thread of the runtime's own (Finalizer, Common-Cleaner, an idle pool worker): only the
     * runtime's code on its stack, no task it waits for, nothing another task waits for from it.
     */
    public boolean idleRuntimeThread() {
        return kind == TaskKind.THREAD && !runsOwnCode() && waitedBy.isEmpty()
                && waitingFor.stream().allMatch(edge -> edge.target() == null);
    }

    public Task withWaitedBy(List<String> ids) {
        return new Task(id, kind, name, state, parent, frames, waitingFor, holds, ids, facts, inState);
    }

    public Task withInState(TimeInState time) {
        return new Task(id, kind, name, state, parent, frames, waitingFor, holds, waitedBy, facts, time);
    }
}
