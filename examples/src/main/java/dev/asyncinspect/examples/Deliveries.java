package dev.asyncinspect.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Futures that keep completing: a parcel's delivery is pending for a while, then a courier completes
 * it (every third one is lost: completed exceptionally) and its receipt stage runs. A ticker thread
 * shows whether the app runs: the target for future breakpoints and for suspending the whole VM.
 */
public final class Deliveries {

    public static void main(String[] args) throws Exception {
        Thread ticker = new Thread(Deliveries::tick, "ticker");
        ticker.setDaemon(true);
        ticker.start();
        ScheduledExecutorService courier = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "courier"));
        System.out.println("READY");
        for (int parcel = 1; ; parcel++) {
            CompletableFuture<String> delivery = new CompletableFuture<>();
            CompletableFuture<String> receipt = delivery.thenApply(door -> "signed at " + door); // @line:receipt
            int number = parcel;
            courier.schedule(() -> deliver(delivery, number), 3, TimeUnit.SECONDS);
            try {
                System.out.println("parcel " + number + " " + receipt.join());
            } catch (CompletionException lost) {
                System.out.println("parcel " + number + " " + lost.getCause().getMessage());
            }
        }
    }

    static void deliver(CompletableFuture<String> delivery, int parcel) {
        if (parcel % 3 == 0) {
            delivery.completeExceptionally(new IllegalStateException("parcel " + parcel + " lost")); // @line:lost
        } else {
            delivery.complete("door " + parcel); // @line:delivered
        }
    }

    private static void tick() {
        for (long tick = 0; ; tick++) {
            System.out.println("tick " + tick);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
