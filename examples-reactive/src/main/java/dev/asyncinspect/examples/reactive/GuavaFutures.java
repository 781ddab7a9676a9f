package dev.asyncinspect.examples.reactive;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * Guava ListenableFutures that never complete. Prints READY once all of them wait, then never finishes.
 *
 * <pre>
 *   invoice-waiter   get() on transformAsync(transform(quote)) over a SettableFuture nobody sets
 *   warehouse-1      the one thread of the 'warehouse' pool, blocked on a latch; three counts queued behind it
 * </pre>
 */
public final class GuavaFutures {

    static final SettableFuture<Double> quote = SettableFuture.create();
    static final CountDownLatch shelves = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        ListeningExecutorService warehouse = MoreExecutors.listeningDecorator(Executors.newFixedThreadPool(1,
                new ThreadFactoryBuilder().setNameFormat("warehouse-%d").setDaemon(true).build()));
        double vat = 0.2;
        String currency = "EUR";
        ListenableFuture<Double> gross = Futures.transform(quote, net -> net * (1 + vat), MoreExecutors.directExecutor()); // @line:guavaTransform
        ListenableFuture<String> invoice = Futures.transformAsync(gross,
                total -> Futures.immediateFuture(currency + " " + total), warehouse); // @line:guavaTransformAsync
        Futures.addCallback(quote, new FutureCallback<Double>() {
            @Override
            public void onSuccess(Double price) {
                System.out.println("quoted " + price);
            }

            @Override
            public void onFailure(Throwable failure) {
                failure.printStackTrace();
            }
        }, MoreExecutors.directExecutor());

        ListenableFuture<Integer> busy = warehouse.submit(() -> {
            shelves.await(); // @line:guavaShelves
            return 0;
        });
        for (int aisle = 1; aisle <= 3; aisle++) {
            int counted = aisle;
            warehouse.submit(() -> counted * 10); // @line:guavaQueued
        }
        Thread waiter = new Thread(() -> {
            try {
                System.out.println(invoice.get()); // @line:guavaGet
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "invoice-waiter");
        waiter.start();
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.sleep(10);
        }
        System.out.println("READY " + busy.isDone());
        Thread.sleep(Long.MAX_VALUE);
    }
}
