package dev.asyncinspect.examples.reactive;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.subjects.PublishSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * RxJava 3 chains that never complete, each stuck on a different source. Prints READY once every
 * one is subscribed and waiting, then never finishes.
 *
 * <pre>
 *   rx-checkout   blockingGet() on Single.create.map.filter: the emitter is kept by a listener list and never called
 *   rx-report     blockingFirst() on Flowable.timer(1 h).map
 *   heartbeat     subscribe(…) on Observable.interval(5 min).map
 *   pricing       subscribe(…) on Single.fromCallable.subscribeOn(io).map whose lambda blocks on a latch now
 *   orders        subscribe(…) on a PublishSubject.filter.flatMapSingle; one order's inner Single.timer(30 min).map waits
 * </pre>
 */
public final class RxChains {

    static final List<SingleEmitter<Double>> pendingQuotes = new ArrayList<>();
    static final PublishSubject<String> orders = PublishSubject.create();
    /** Kept as apps keep them, to dispose of later. */
    static final CompositeDisposable subscriptions = new CompositeDisposable();

    public static void main(String[] args) throws Exception {
        CountDownLatch blocked = new CountDownLatch(2);
        Thread checkout = new Thread(() -> {
            blocked.countDown();
            System.out.println(checkout(0.2, 10.0));
        }, "rx-checkout");
        checkout.start();
        Thread report = new Thread(() -> {
            blocked.countDown();
            System.out.println(report("q3"));
        }, "rx-report");
        report.start();

        String host = "billing-1";
        subscriptions.add(Observable.interval(5, TimeUnit.MINUTES)
                .map(n -> host + " alive " + n) // @line:rxIntervalMap
                .subscribe(System.out::println));

        String region = "eu-west";
        String prefix = "order-";
        subscriptions.add(orders
                .filter(order -> order.startsWith(prefix)) // @line:rxFilter
                .flatMapSingle(order -> Single.timer(30, TimeUnit.MINUTES)
                        .map(t -> order + " shipped from " + region)) // @line:rxShipMap
                .subscribe(System.out::println));
        orders.onNext("order-7");

        // A map running now: its lambda blocks an io() thread on a latch nobody counts down.
        CountDownLatch ratesLoaded = new CountDownLatch(1);
        subscriptions.add(Single.fromCallable(() -> "rates")
                .subscribeOn(Schedulers.io())
                .map(rates -> awaitQuietly(ratesLoaded, rates)) // @line:rxPricingMap
                .subscribe(System.out::println));

        blocked.await();
        while (pendingQuotes.isEmpty() || checkout.getState() != Thread.State.WAITING || report.getState() != Thread.State.WAITING) {
            Thread.sleep(10);
        }
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }

    static String awaitQuietly(CountDownLatch latch, String value) {
        try {
            latch.await(); // @line:rxPricingAwait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return value;
    }

    static String checkout(double vat, double floor) {
        return Single.<Double>create(emitter -> pendingQuotes.add(emitter)) // @line:rxCreate
                .map(price -> price * (1 + vat)) // @line:rxCheckoutMap
                .filter(total -> total >= floor) // @line:rxCheckoutFilter
                .map(total -> String.format("%.2f", total))
                .blockingGet(); // @line:rxBlockingGet
    }

    static String report(String quarter) {
        return Flowable.timer(1, TimeUnit.HOURS)
                .map(t -> "report " + quarter) // @line:rxReportMap
                .blockingFirst(); // @line:rxBlockingFirst
    }
}
