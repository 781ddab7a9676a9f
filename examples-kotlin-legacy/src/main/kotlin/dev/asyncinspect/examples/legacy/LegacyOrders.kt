package dev.asyncinspect.examples.legacy

import kotlin.time.Duration.Companion.days
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/*
 * The old-toolchain demo: compiled with Kotlin 1.9 against kotlinx-coroutines 1.7.3, so the
 * class files (DebugMetadata, continuation classes) and the library internals (field names of
 * JobSupport, MutexImpl, ...) are the ones older applications ship.
 *
 * runBlocking "legacy-orders" (on the main thread) starts:
 *   legacy-checkout  checkout() -> fetchQuote(): awaits a quote that never comes
 *   legacy-stock     async, suspended in a (30-day) delay
 *   legacy-shipper   awaits the legacy-stock Deferred
 *   legacy-holder    holds the Mutex while delaying forever
 *   legacy-waiter    suspended in Mutex.lock() behind it
 * and the "legacy-orders" body itself joins the checkout Job.
 *
 * Prints READY once all of that is in place, then never finishes.
 */

/** The supplier never replies: whoever awaits this waits forever. */
private val supplierQuote = CompletableDeferred<Double>()

suspend fun checkout(orderId: Long, customer: String) {
    val attempt = 3
    val items = listOf("tea", "cup")
    val price = fetchQuote(orderId) // @line:legacyCheckout
    println("$customer pays ${price * items.size} for order $orderId (attempt $attempt)")
}

suspend fun fetchQuote(orderId: Long): Double {
    val currency = "GBP"
    val quote = supplierQuote.await() // @line:legacyQuote
    println("quote for $orderId in $currency")
    return quote
}

suspend fun countStock(sku: String): Int {
    val shelf = "B7"
    delay(30.days) // @line:legacyStock
    return sku.length + shelf.length
}

suspend fun ship(stock: Deferred<Int>) {
    val carrier = "royal-mail"
    val count = stock.await() // @line:legacyShipper
    println("shipping $count items with $carrier")
}

suspend fun holdLock(mutex: Mutex) {
    mutex.withLock {
        delay(Long.MAX_VALUE) // @line:legacyHolder
    }
}

suspend fun waitForLock(mutex: Mutex) {
    val entry = "refund-9"
    mutex.lock() // @line:legacyWaiter
    try {
        println("booking $entry")
    } finally {
        mutex.unlock()
    }
}

fun main() = runBlocking(CoroutineName("legacy-orders")) {
    val checkoutJob = launch(CoroutineName("legacy-checkout")) { checkout(orderId = 777L, customer = "bob") }
    val stock = async(CoroutineName("legacy-stock")) { countStock("tea") }
    launch(CoroutineName("legacy-shipper")) { ship(stock) }

    val mutex = Mutex()
    launch(CoroutineName("legacy-holder")) { holdLock(mutex) }
    launch(CoroutineName("legacy-waiter")) { waitForLock(mutex) }

    // Everything runs on this thread: the children reach their suspension points while this
    // body suspends. Wait until the lock is held and the waiter has queued behind it.
    while (!mutex.isLocked) {
        delay(10)
    }
    delay(200)
    println("READY")
    checkoutJob.join() // @line:legacyOrdersJoin
}
