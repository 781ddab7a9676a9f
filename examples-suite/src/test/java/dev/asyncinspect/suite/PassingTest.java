package dev.asyncinspect.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PassingTest {

    @Test
    void addsUp() {
        assertEquals(4, 2 + 2);
    }

    @Test
    void joinsACompletedFuture() {
        assertEquals("paid", CompletableFuture.supplyAsync(() -> "paid").join());
    }
}
