package dev.asyncinspect.suite

import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

/** A passing suite that works for a while, as real ones do: what `async-inspect test` costs is measured on it. */
class WorkloadTest {

    @ParameterizedTest
    @ValueSource(ints = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
        21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40])
    fun computesOrders(round: Int) = runBlocking {
        val totals = (1..200).map { order ->
            async(Dispatchers.Default) {
                var sum = 0L
                val lines = StringBuilder()
                repeat(50_000) { step ->
                    sum += (order * step) % 7
                    if (step % 1_000 == 0) {
                        lines.append("order ").append(order).append(" step ").append(step).append('\n')
                        yield()
                    }
                }
                sum + lines.length % 1
            }
        }.awaitAll()
        val priced = withContext(Dispatchers.IO) {
            CompletableFuture.supplyAsync { totals.sum() }.get()
        }
        delay(100)
        assertEquals(totals.sum(), priced, "round $round")
    }
}
