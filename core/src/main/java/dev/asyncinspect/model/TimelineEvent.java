package dev.asyncinspect.model;


/**
 * One recorded state transition.
 *
 * @param nanos    when, on the tool's monotonic clock (the same CLOCK_MONOTONIC as the target's on Linux)
 * @param taskId   the coroutine it belongs to (c…), or null when not found
 * @param kind     {@code resumed} (a state machine re-entered from a suspension point) or {@code left}
 *                 (its resume ended: it suspended again or completed)
 * @param function {@code pkg.Class.method} of the state machine
 * @param state    the suspension point resumed from ({@code resumed}) or reached ({@code left}); 0 = start
 * @param location file:line of that suspension point, or null
 * @param machine  the state machine object's id, to pair a {@code left} with the next {@code resumed}
 */
public record TimelineEvent(long nanos, String taskId, String kind, String function, int state, String location,
                            long machine) {}
