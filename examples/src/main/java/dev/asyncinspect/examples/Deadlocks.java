package dev.asyncinspect.examples;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Real deadlocks, one per mode: {@code monitors} (two threads, two synchronized blocks in opposite
 * order), {@code locks} (the same with ReentrantLocks), {@code future-lock} (a thread joins a future
 * while holding the lock the future's producer needs), {@code virtual} (two virtual threads,
 * JDK 21+). Prints READY once the cycle is closed.
 */
public final class Deadlocks {

    private static final Object accounts = new Object();
    private static final Object journal = new Object();
    private static final ReentrantLock walletLock = new ReentrantLock();
    private static final ReentrantLock ledgerLock = new ReentrantLock();
    private static final CountDownLatch bothHoldFirst = new CountDownLatch(2);

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "monitors";
        switch (mode) {
            case "monitors" -> {
                start("transfer", Deadlocks::transfer);
                start("audit", Deadlocks::audit);
            }
            case "locks" -> {
                start("payout", () -> inOrder(walletLock, ledgerLock));
                start("reconcile", () -> inOrder(ledgerLock, walletLock));
            }
            case "future-lock" -> settleWhileLocked();
            case "virtual" -> {
                startVirtual("v-payout", () -> inOrder(walletLock, ledgerLock));
                startVirtual("v-reconcile", () -> inOrder(ledgerLock, walletLock));
            }
            default -> throw new IllegalArgumentException("mode: monitors | locks | future-lock | virtual");
        }
        Thread.sleep(500);
        System.out.println("READY " + mode);
        Thread.sleep(Long.MAX_VALUE);
    }

    static void transfer() {
        synchronized (accounts) {
            awaitBoth();
            synchronized (journal) {
                System.out.println("transferred"); // @line:transfer (a thread blocked on entry is reported here)
            }
        }
    }

    static void audit() {
        synchronized (journal) {
            awaitBoth();
            synchronized (accounts) {
                System.out.println("audited"); // @line:audit
            }
        }
    }

    static void inOrder(ReentrantLock first, ReentrantLock second) {
        first.lock();
        try {
            awaitBoth();
            second.lock(); // @line:second
            second.unlock();
        } finally {
            first.unlock();
        }
    }

    /** The settler holds the wallet lock and joins a total whose producer needs that lock. */
    static void settleWhileLocked() {
        start("settler", () -> {
            walletLock.lock();
            try {
                CompletableFuture<Integer> total = CompletableFuture.supplyAsync(Deadlocks::sumWallet,
                        Executors.newSingleThreadExecutor(r -> new Thread(r, "summer")));
                System.out.println("total " + total.join()); // @line:join
            } finally {
                walletLock.unlock();
            }
        });
    }

    static int sumWallet() {
        walletLock.lock(); // @line:sum
        try {
            return 42;
        } finally {
            walletLock.unlock();
        }
    }

    private static void awaitBoth() {
        bothHoldFirst.countDown();
        try {
            bothHoldFirst.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void start(String name, Runnable body) {
        new Thread(body, name).start();
    }

    private static void startVirtual(String name, Runnable body) throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        Method named = builderType.getMethod("name", String.class);
        builderType.getMethod("start", Runnable.class).invoke(named.invoke(builder, name), body);
    }
}
