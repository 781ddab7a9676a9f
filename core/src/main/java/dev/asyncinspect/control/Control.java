package dev.asyncinspect.control;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Breakpoints and stepping on a live target, in the model's terms: what the REPL uses, without
 * knowing JDI. By default only the stopping thread is suspended, so the rest of the app keeps serving.
 */
public interface Control extends AutoCloseable {

    /**
     * @param condition checked on the stopped frame's variables, or null
     * @return the new breakpoint; fails with a one-line message when the target has no such function, line or task
     */
    Breakpoint add(BreakTarget target, Condition condition, Suspend suspend);

    /** What {@code break} can name: every method and suspend function of the loaded user code, simple and Class.method. */
    SortedSet<String> functionNames();

    List<Breakpoint> breakpoints();

    void delete(int number);

    /** The current stop, if the target is stopped. */
    Optional<Stop> current();

    /** Resumes a stopped target and waits for the next hit; empty on timeout. */
    Optional<Stop> resumeUntilStop(Duration timeout);

    /** Moves the stopped task to its next state transition (a coroutine) or line (a thread) and stops there. */
    Optional<Stop> step(Duration timeout);

    /** Runs until the stopped state machine completes: stops when its caller resumes. */
    Optional<Stop> finish(Duration timeout);

    /** Removes every request and resumes everything. */
    @Override
    void close();
}
