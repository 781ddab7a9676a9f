package dev.asyncinspect.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Joins a payment nobody ever completes. */
class CheckoutTest {

    @Test
    void waitsForPayment() {
        String orderId = "order-17";
        CompletableFuture<String> payment = new CompletableFuture<>();
        CompletableFuture<String> receipt = payment.thenApply(paid -> orderId + " " + paid);
        assertEquals("order-17 paid", receipt.join());
    }
}
