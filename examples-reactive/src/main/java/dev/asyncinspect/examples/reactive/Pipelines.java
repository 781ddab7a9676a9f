package dev.asyncinspect.examples.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor pipelines that never complete, each stuck on a different source, subscribed the ways apps
 * subscribe them. Prints READY once every one is subscribed and waiting, then never finishes.
 *
 * <pre>
 *   checkout-blocker   block() on fromFuture.map.filter.flatMap over a supplier quote nobody completes
 *   receipt-waiter     join() on toFuture() of a zip whose payment future nobody completes
 *   reminder           subscribe(…) on delay(1 h).map: a timer with most of its hour left
 *   approval           subscribe() on a Sinks.one() nobody emits to, under a 30 min timeout
 *   stock              subscribe(…) on Flux.flatMap whose two inner Monos wait on warehouse futures
 *   heartbeat          subscribe(…) on interval(10 min).map.publishOn(single)
 *   callback           subscribe() on Mono.create whose sink a listener list keeps and never calls
 *   pricing            subscribe() on fromCallable.subscribeOn(boundedElastic).map whose lambda blocks on a latch now
 *   backlog            a BaseSubscriber that requested one value of range.map.publishOn: the rest wait, buffered
 * </pre>
 */
public final class Pipelines {

    static final CompletableFuture<Double> supplierQuote = new CompletableFuture<>();
    static final CompletableFuture<String> payment = new CompletableFuture<>();
    static final Map<String, CompletableFuture<Integer>> warehouse = Map.of("sku-1", new CompletableFuture<>(), "sku-2", new CompletableFuture<>());
    static final Sinks.One<String> approvals = Sinks.one();
    static final List<MonoSink<String>> listeners = new ArrayList<>();
    /** Kept as apps keep them, to dispose of later. */
    static final List<Disposable> subscriptions = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        CountDownLatch blocked = new CountDownLatch(2);
        Thread blocker = new Thread(() -> {
            blocked.countDown();
            checkout(0.2, 10.0, "EUR");
        }, "checkout-blocker");
        blocker.start();

        CompletableFuture<String> receipt = receipt("order-17");
        Thread waiter = new Thread(() -> {
            blocked.countDown();
            receipt.join(); // @line:receiptJoin
        }, "receipt-waiter");
        waiter.start();

        String region = "eu-west";
        subscriptions.add(Mono.delay(Duration.ofHours(1))
                .map(tick -> region + " reminder " + tick) // @line:delayMap
                .subscribe(reminder -> System.out.println(reminder))); // @line:delaySubscribe

        String orderId = "order-42";
        subscriptions.add(approvals.asMono()
                .timeout(Duration.ofMinutes(30))
                .map(approver -> orderId + " approved by " + approver) // @line:approvalMap
                .subscribe());

        int minimum = 5;
        subscriptions.add(Flux.just("sku-1", "sku-2")
                .flatMap(sku -> Mono.fromFuture(warehouse.get(sku))) // @line:stockFlatMap
                .filter(count -> count >= minimum) // @line:stockFilter
                .subscribe(count -> System.out.println("in stock: " + count)));

        String host = "billing-1";
        subscriptions.add(Flux.interval(Duration.ofMinutes(10))
                .map(n -> host + " heartbeat " + n) // @line:heartbeatMap
                .publishOn(Schedulers.single())
                .subscribe(beat -> System.out.println(beat)));

        subscriptions.add(Mono.<String>create(sink -> listeners.add(sink)) // @line:create
                .map(event -> event.toUpperCase())
                .subscribe());

        // A slow consumer: it asks for one value and no more, so publishOn holds what it fetched ahead.
        int factor = 3;
        BaseSubscriber<Integer> slow = new BaseSubscriber<>() {
                    @Override
                    protected void hookOnSubscribe(Subscription subscription) {
                        request(1);
                    }

                    @Override
                    protected void hookOnNext(Integer value) {
                        System.out.println("backlog " + value);
                    }
                };
        Flux.range(1, 1_000)
                .map(i -> i * factor) // @line:backlogMap
                .publishOn(Schedulers.boundedElastic(), 16)
                .subscribe(slow);
        subscriptions.add(slow);

        // A map running now: its lambda blocks a boundedElastic thread on a latch nobody counts down.
        CountDownLatch ratesLoaded = new CountDownLatch(1);
        subscriptions.add(Mono.fromCallable(() -> "rates")
                .subscribeOn(Schedulers.boundedElastic())
                .map(rates -> awaitQuietly(ratesLoaded, rates)) // @line:pricingMap
                .subscribe());

        blocked.await();
        while (blocker.getState() != Thread.State.WAITING || waiter.getState() != Thread.State.WAITING) {
            Thread.sleep(10);
        }
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }

    static String awaitQuietly(CountDownLatch latch, String value) {
        try {
            latch.await(); // @line:pricingAwait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return value;
    }

    static String checkout(double vat, double floor, String currency) {
        return Mono.fromFuture(supplierQuote)
                .map(net -> net * (1 + vat)) // @line:checkoutMap
                .filter(gross -> gross > floor) // @line:checkoutFilter
                .flatMap(gross -> Mono.just(gross + " " + currency)) // @line:checkoutFlatMap
                .block(); // @line:checkoutBlock
    }

    static CompletableFuture<String> receipt(String order) {
        return Mono.zip(Mono.fromFuture(payment), Mono.just(order))
                .map(paid -> paid.getT2() + " paid by " + paid.getT1()) // @line:receiptMap
                .toFuture();
    }
}
