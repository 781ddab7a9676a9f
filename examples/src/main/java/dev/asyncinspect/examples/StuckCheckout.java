package dev.asyncinspect.examples;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The demo: a checkout service that hangs for real. The price lookup's future is never
 * completed (its supplier waits for a warehouse reply that never comes), so the chain built on
 * it stays pending; a worker joins the chain while holding the inventory lock, a restocker waits
 * for that lock, and an auditor waits for a monitor the worker holds.
 */
public final class StuckCheckout {

    public enum Priority { STANDARD, EXPRESS }

    public record Customer(long id, String name, Priority priority) {}

    public record Order(long id, Customer customer, List<String> items, int quantity) {}

    private static final ReentrantLock inventoryLock = new ReentrantLock();
    private static final Object ledger = new Object();
    private static final CountDownLatch warehouseReply = new CountDownLatch(1);

    public static void main(String[] args) throws Exception {
        Customer ada = new Customer(12345, "ada", Priority.EXPRESS);
        Order order = new Order(7, ada, List.of("book", "lamp", "mug", "pen"), 3);

        CompletableFuture<Double> price = CompletableFuture.supplyAsync(StuckCheckout::askWarehouse);
        CompletableFuture<Double> total = checkout(order, price);

        Thread worker = new Thread(() -> settle(total), "checkout-worker");
        worker.start();
        awaitLocked(worker);
        Thread restock = new Thread(StuckCheckout::restock, "restock");
        restock.start();
        Thread auditor = new Thread(StuckCheckout::audit, "auditor");
        auditor.start();
        while (restock.getState() != Thread.State.WAITING || auditor.getState() != Thread.State.BLOCKED) {
            Thread.sleep(10);
        }
        System.out.println("READY");
        worker.join();
    }

    static CompletableFuture<Double> checkout(Order order, CompletableFuture<Double> price) {
        double discount = order.customer().priority() == Priority.EXPRESS ? 0.1 : 0.0;
        return price
                .thenApply(unit -> unit * order.quantity()) // @line:subtotal
                .thenApply(subtotal -> subtotal * (1 - discount)) // @line:discount
                .thenCompose(net -> CompletableFuture.supplyAsync(() -> net + shipping(order))); // @line:shipping
    }

    static double shipping(Order order) {
        return order.items().size() * 1.5;
    }

    static double askWarehouse() {
        try {
            warehouseReply.await(); // @line:warehouse
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 9.99;
    }

    static void settle(CompletableFuture<Double> total) {
        inventoryLock.lock();
        try {
            synchronized (ledger) {
                double amount = total.join(); // @line:join
                System.out.println("settled " + amount);
            }
        } finally {
            inventoryLock.unlock();
        }
    }

    static void restock() {
        inventoryLock.lock(); // @line:restock
        inventoryLock.unlock();
    }

    static void audit() {
        // The JVM reports a thread blocked on entry at the block's first line, as jstack does.
        synchronized (ledger) {
            System.out.println("audited"); // @line:audit
        }
    }

    private static void awaitLocked(Thread worker) throws InterruptedException {
        while (worker.getState() != Thread.State.WAITING) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
