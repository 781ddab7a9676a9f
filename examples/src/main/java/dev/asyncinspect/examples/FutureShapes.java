package dev.asyncinspect.examples;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Every shape of pending stage at once: two sources that never complete, and what hangs off them
 * (thenCombine, allOf, anyOf, acceptEither, thenAccept, exceptionally), plus an async task queued
 * behind a stuck one in a single-thread executor.
 */
public final class FutureShapes {

    public static void main(String[] args) throws Exception {
        String region = "eu-west";
        List<String> audit = new java.util.ArrayList<>();
        CompletableFuture<String> user = new CompletableFuture<>();
        CompletableFuture<Integer> stock = new CompletableFuture<>();
        CompletableFuture<String> fallback = new CompletableFuture<>();

        CompletableFuture<String> offer = user.thenCombine(stock, (u, s) -> u + s + region); // @line:combine
        CompletableFuture<Void> both = CompletableFuture.allOf(user, stock);
        CompletableFuture<Object> first = CompletableFuture.anyOf(user, fallback);
        CompletableFuture<Void> either = user.acceptEither(fallback, audit::add);
        CompletableFuture<Void> logged = offer.thenAccept(o -> audit.add(o + region)); // @line:accept
        CompletableFuture<String> safe = offer.exceptionally(e -> "none"); // @line:exceptionally

        ExecutorService single = Executors.newSingleThreadExecutor(r -> new Thread(r, "single-worker"));
        CountDownLatch never = new CountDownLatch(1);
        single.execute(() -> awaitQuietly(never));
        int retries = 3;
        CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> retries * 14, single); // @line:queued

        List<CompletableFuture<?>> keep = List.of(both, first, either, logged, safe, queued);
        System.out.println("READY " + keep.size());
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
