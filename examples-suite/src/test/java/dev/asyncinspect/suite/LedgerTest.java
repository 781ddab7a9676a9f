package dev.asyncinspect.suite;

import org.junit.jupiter.api.Test;

/** Two threads of one test take the same two locks in opposite orders. */
class LedgerTest {

    private final Object accounts = new Object();
    private final Object journal = new Object();

    @Test
    void transfersBothWays() throws InterruptedException {
        Thread debit = new Thread(() -> twoLocks(accounts, journal), "debit");
        Thread credit = new Thread(() -> twoLocks(journal, accounts), "credit");
        debit.start();
        credit.start();
        debit.join();
        credit.join();
    }

    private static void twoLocks(Object first, Object second) {
        synchronized (first) {
            pause();
            synchronized (second) {
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
