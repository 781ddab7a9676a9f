package dev.asyncinspect.examples;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A busy app with heavy lock contention but no cycle: a deadlock detector must stay quiet here.
 * Auditors take the stats monitor without the lock, so threads also block on a monitor (what
 * recording shows as blocked and unblocked).
 */
public final class Contention {

    private static final ReentrantLock counterLock = new ReentrantLock();
    private static final Object statsMonitor = new Object();
    private static final AtomicLong rounds = new AtomicLong();

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < 8; i++) {
            new Thread(Contention::hammer, "worker-" + i).start();
        }
        for (int i = 0; i < 2; i++) {
            new Thread(Contention::audit, "auditor-" + i).start();
        }
        Thread.sleep(300);
        System.out.println("READY");
        while (true) {
            Thread.sleep(200);
            System.out.println("rounds " + rounds.get());
        }
    }

    static void hammer() {
        while (true) {
            counterLock.lock();
            try {
                synchronized (statsMonitor) {
                    rounds.incrementAndGet();
                    busy();
                }
            } finally {
                counterLock.unlock();
            }
        }
    }

    static void audit() {
        while (true) {
            synchronized (statsMonitor) { // @line:audit
                busy();
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void busy() {
        long until = System.nanoTime() + 20_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
