package dev.asyncinspect.examples;

import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * N virtual threads that park forever, plus one that sleeps and one blocked on a monitor held by
 * a platform thread. Compiled for 17, so virtual threads are made through reflection; needs 21+.
 */
public final class ManyVirtualThreads {

    private static final Object gate = new Object();

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        // Public interface methods: the builder classes themselves are not accessible.
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        Method numbered = Class.forName("java.lang.Thread$Builder$OfVirtual").getMethod("name", String.class, long.class);
        Method named = builderType.getMethod("name", String.class);
        Method start = builderType.getMethod("start", Runnable.class);
        Method ofVirtual = Thread.class.getMethod("ofVirtual");

        Object parkedBuilder = numbered.invoke(ofVirtual.invoke(null), "parked-", 0L);
        CountDownLatch started = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            start.invoke(parkedBuilder, (Runnable) () -> {
                started.countDown();
                LockSupport.park(); // @line:park
            });
        }
        started.await();
        start.invoke(named.invoke(ofVirtual.invoke(null), "sleeper"), (Runnable) ManyVirtualThreads::nap);

        Thread holder = new Thread(ManyVirtualThreads::holdGate, "gate-holder");
        holder.start();
        Thread.sleep(200);
        Thread blocked = (Thread) start.invoke(named.invoke(ofVirtual.invoke(null), "gate-waiter"),
                (Runnable) ManyVirtualThreads::enterGate);
        while (blocked.getState() != Thread.State.BLOCKED) {
            Thread.sleep(10);
        }
        System.out.println("READY " + count);
        holder.join();
    }

    static void nap() {
        try {
            Thread.sleep(Long.MAX_VALUE); // @line:nap
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void holdGate() {
        synchronized (gate) {
            nap();
        }
    }

    static void enterGate() {
        synchronized (gate) {
            System.out.println("entered"); // @line:gate
        }
    }
}
