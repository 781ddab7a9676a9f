package dev.asyncinspect.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;

/**
 * supplyAsync tasks queued in a one-thread ForkJoinPool behind one that blocks its only worker on a
 * latch nobody counts down. Prints READY once the three wait in line, then never finishes.
 */
public final class QueuedTasks {

    static final CountDownLatch released = new CountDownLatch(1);
    static volatile Thread worker;

    public static void main(String[] args) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            worker = Thread.currentThread();
            try {
                released.await(); // @line:fjpBlocked
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "released";
        }, pool);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int batch = 1; batch <= 3; batch++) {
            int size = batch * 100;
            queued.add(CompletableFuture.supplyAsync(() -> size / 10, pool)); // @line:fjpQueued
        }
        while (worker == null || worker.getState() != Thread.State.WAITING || pool.getQueuedSubmissionCount() != 3) {
            Thread.sleep(10);
        }
        System.out.println("READY " + first.isDone() + " " + queued.size());
        Thread.sleep(Long.MAX_VALUE);
    }
}
