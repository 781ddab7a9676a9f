package dev.asyncinspect.agent.probe;

/**
 * The one class the recorder puts on the target's boot class path, so that code in every class
 * loader (the Kotlin standard library's probes, wherever it is loaded, and CompletableFuture in
 * java.base) can call it. JDK-only and inert while no recording runs: the probes the recorder
 * installs call these methods, which hand the event to the recorder's {@link Sink}, if any. Nothing
 * thrown by the recorder ever reaches the app's code.
 */
public final class Probes {

    /** What the recorder does with each probe; implemented behind the agent's own class loader. */
    public interface Sink {
        void created(Object completion);

        void resumed(Object frame);

        void suspended(Object frame);

        /** @param argument the completing method's argument (an encoded result or an exception), or null */
        void completing(Object future, Object argument, int method);
    }

    private static volatile Sink sink;

    private Probes() {}

    public static void sink(Sink recorder) {
        sink = recorder;
    }

    public static void created(Object completion) {
        Sink to = sink;
        if (to != null) {
            try {
                to.created(completion);
            } catch (Throwable ignored) {
                // The app's coroutine goes on unrecorded.
            }
        }
    }

    public static void resumed(Object frame) {
        Sink to = sink;
        if (to != null) {
            try {
                to.resumed(frame);
            } catch (Throwable ignored) {
                // As above.
            }
        }
    }

    public static void suspended(Object frame) {
        Sink to = sink;
        if (to != null) {
            try {
                to.suspended(frame);
            } catch (Throwable ignored) {
                // As above.
            }
        }
    }

    public static void completing(Object future, Object argument, int method) {
        Sink to = sink;
        if (to != null) {
            try {
                to.completing(future, argument, method);
            } catch (Throwable ignored) {
                // As above.
            }
        }
    }
}
