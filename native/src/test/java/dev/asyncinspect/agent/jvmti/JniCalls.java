package dev.asyncinspect.agent.jvmti;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Every native of {@link Jvmti}, on the inputs that take its paths through the library (errors
 * too), for {@link CheckedJniTest} to run in a JVM under {@code -Xcheck:jni}. Prints "done" last.
 */
final class JniCalls {

    static final class Many {
    }

    /** More instances than one local frame takes, so that they come in two. */
    private static final int MANY = 70_000;

    /** More threads than the 32 local references checked JNI expects of a native. */
    private static final int THREADS = 40;

    private static final AtomicBoolean stop = new AtomicBoolean();

    private JniCalls() {
    }

    public static void main(String[] args) throws Exception {
        Library.load();
        List<Thread> threads = new ArrayList<>();
        Object lock = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        threads.add(Library.start(false, () -> {
            synchronized (lock) {
                holding.countDown();
                parkUntilStopped();
            }
        }));
        holding.await();
        Thread blocked = Library.start(false, () -> {
            synchronized (lock) {
                lock.hashCode();
            }
        });
        threads.add(blocked);
        Library.awaitState(blocked, state -> state == Thread.State.BLOCKED);
        Object waitedOn = new Object();
        Thread waiting = Library.start(false, () -> {
            synchronized (waitedOn) {
                try {
                    waitedOn.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        threads.add(waiting);
        Library.awaitState(waiting, state -> state == Thread.State.WAITING);
        while (threads.size() < THREADS) {
            threads.add(Library.start(false, JniCalls::parkUntilStopped));
        }
        if (Library.virtualThreadsExist()) {
            threads.add(Library.start(true, JniCalls::parkUntilStopped));
        }
        threads.add(new Thread(() -> { }));

        List<Many> many = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            many.add(new Many());
        }
        check(Jvmti.instancesOf(new Class<?>[] {Many.class, Class.class, Many.class})[2].length == MANY, "instancesOf");
        // Compiled code may count the list dead once filled, and a collection during the walk would take some.
        Reference.reachabilityFence(many);
        refused(() -> Jvmti.instancesOf(new Class<?>[] {null}), NullPointerException.class);

        Thread[] asked = threads.toArray(Thread[]::new);
        Object[] held = Jvmti.stackLocalObjects(asked);
        check(((Object[][]) held[4])[0].length == 1 && ((Object[]) held[5])[1] == lock, "stackLocalObjects");
        check(Jvmti.allThreads().length >= THREADS, "allThreads");
        for (Thread thread : asked) {
            if (thread.isAlive()) {
                check(((Object[]) Jvmti.stackTrace(thread, 100)[1]).length > 0, "stackTrace");
            }
        }
        refused(() -> Jvmti.stackTrace(new Thread(() -> { }), 10), IllegalStateException.class);
        refused(() -> Jvmti.stackTrace(null, 10), NullPointerException.class);
        refused(() -> Jvmti.stackTrace(Thread.currentThread(), -1), IllegalArgumentException.class);

        check(Jvmti.bytecodes(JniCalls.class.getDeclaredMethod("check", boolean.class, String.class)).length > 0, "bytecodes");
        check(Jvmti.bytecodes(Runnable.class.getMethod("run")) == null, "bytecodes of an abstract method");
        check(Jvmti.constantPool(JniCalls.class) != null && Jvmti.constantPool(int[].class) == null, "constantPool");
        check(Jvmti.lineNumberTable(Object.class.getMethod("hashCode")).length == 0, "lineNumberTable");
        check("JniCalls.java".equals(Jvmti.sourceFileName(JniCalls.class)), "sourceFileName");
        check(Jvmti.isInitialized(JniCalls.class), "isInitialized");
        refused(() -> Jvmti.isInitialized(null), NullPointerException.class);

        stop.set(true);
        synchronized (waitedOn) {
            waitedOn.notifyAll();
        }
        threads.forEach(LockSupport::unpark);
        System.out.println("done");
    }

    private static void parkUntilStopped() {
        while (!stop.get()) {
            LockSupport.park();
        }
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }

    private static void refused(Runnable call, Class<? extends RuntimeException> expected) {
        try {
            call.run();
        } catch (RuntimeException e) {
            check(expected.isInstance(e) && e.getMessage() != null, "refused with " + expected.getSimpleName() + ": " + e);
            return;
        }
        throw new AssertionError("not refused: expected " + expected.getSimpleName());
    }
}
