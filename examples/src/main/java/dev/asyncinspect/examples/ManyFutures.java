package dev.asyncinspect.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** N incomplete futures, each with one pending thenApply stage: the dump benchmark's target. */
public final class ManyFutures {

    /** Kept reachable on purpose: once main is compiled, a local list would be dead and collected. */
    private static final List<CompletableFuture<Integer>> PENDING = new ArrayList<>();

    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<CompletableFuture<Integer>> pending = PENDING;
        for (int i = 0; i < count; i++) {
            int slot = i;
            String label = "job-" + i;
            CompletableFuture<Integer> source = new CompletableFuture<>();
            source.thenApply(v -> v + slot + label.length()); // @line:stage
            pending.add(source);
        }
        System.out.println("READY " + pending.size());
        Thread.sleep(Long.MAX_VALUE);
    }
}
