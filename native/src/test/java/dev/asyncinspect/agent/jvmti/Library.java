package dev.asyncinspect.agent.jvmti;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Predicate;

/** Loads the library once per test JVM and starts the threads the tests look at. */
final class Library {

    private Library() {
    }

    private static Path directory;

    /** Loads the library from a private directory made for this JVM, which it returns. */
    static synchronized Path load() {
        if (directory == null) {
            directory = privateDirectory();
            Jvmti.load(directory);
        }
        return directory;
    }

    static Path privateDirectory() {
        try {
            Path made = Files.createTempDirectory("asyncinspect-test",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            made.toFile().deleteOnExit();
            made.resolve("libasyncinspect-linux-x86_64.so").toFile().deleteOnExit();
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean virtualThreadsExist() {
        return Runtime.version().feature() >= 21;
    }

    /** Starts a platform or (JDK 21+, through reflection since we compile for 17) virtual thread. */
    static Thread start(boolean virtual, Runnable task) {
        if (!virtual) {
            Thread thread = new Thread(task, "jvmti-test");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }
        try {
            return (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
        } catch (IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits until the thread runs in a method of this name: its stack shows it (a virtual thread's, once it is mounted). */
    static void awaitFrame(Thread thread, String method) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (java.util.Arrays.stream(thread.getStackTrace()).noneMatch(frame -> frame.getMethodName().equals(method))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread + " never ran " + method);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Waits until the thread's loop in this method runs compiled: the method is its innermost frame in 20 looks in
     * a row. Interpreted, the loop's own calls (an AtomicBoolean's get, Thread.onSpinWait) come and go as frames of
     * their own, so two looks at the thread, one after the other, could see its frames at different depths.
     */
    static void awaitSteadyIn(Thread thread, String method) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (int inARow = 0; inARow < 20; ) {
            StackTraceElement[] stack = thread.getStackTrace();
            inARow = stack.length > 0 && stack[0].getMethodName().equals(method) ? inARow + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread + " never settled in " + method);
            }
            Thread.sleep(1);
        }
    }

    /** Waits until the thread is in a state the predicate accepts. */
    static void awaitState(Thread thread, Predicate<Thread.State> accepted) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!accepted.test(thread.getState())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread + " stayed " + thread.getState());
            }
            Thread.sleep(5);
        }
    }
}
