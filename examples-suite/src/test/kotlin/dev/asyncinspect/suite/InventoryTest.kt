package dev.asyncinspect.suite

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** A kotlinx-coroutines-test body that awaits a restock nobody sends. */
class InventoryTest {

    private val restocked = CompletableDeferred<Int>()

    @Test
    fun countsStock() = runTest {
        val count = awaitRestock("lamp")
        assertEquals(3, count)
    }

    private suspend fun awaitRestock(item: String): Int {
        val shelf = "A-$item"
        val arrived = restocked.await()
        return arrived + shelf.length * 0
    }
}
