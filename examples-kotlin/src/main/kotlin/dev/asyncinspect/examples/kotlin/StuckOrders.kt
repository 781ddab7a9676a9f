package dev.asyncinspect.examples.kotlin

import java.util.concurrent.CompletableFuture
import kotlin.time.Duration.Companion.days
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/*
 * The coroutine demo: an order service whose coroutines all hang for a reason you can name.
 *
 * runBlocking "orders" (on the main thread) starts a structured tree:
 *   checkout-12345  checkout() -> fetchPrice(): awaits a warehouse reply that never comes
 *   inventory       async, suspended in a (30-day) delay
 *   shipper         awaits the inventory Deferred
 *   reporter        joins the checkout Job
 *   lock-holder     holds the ledger Mutex while delaying forever
 *   lock-waiter     suspended in Mutex.lock() behind it
 *   producer        suspended in send(): the 2-slot label channel is full
 *   consumer        suspended in receive() on a rendezvous channel nobody sends to
 *   collector       collects a Flow whose emitter delays forever after its first value
 *   future-waiter   awaits a CompletableFuture that is never completed
 *   fulfilment      coroutineScope { packer (withContext(IO) delay) ; supervisorScope { notifier } }
 *   capturer        a lambda that captured a local and delays forever
 *   spinner         RUNNING: a busy loop on Dispatchers.Default
 * and the "orders" body itself joins the checkout Job.
 *
 * Prints READY once all of that is in place, then never finishes.
 */

/** The warehouse never replies: whoever awaits this waits forever. */
private val warehouseReply = CompletableDeferred<Double>()

/** The customer never acknowledges the notification. */
private val customerAck = CompletableDeferred<Boolean>()

@Volatile
private var spinning = true

@Volatile
private var spinnerStarted = false

@Volatile
private var packerOnIo = false

suspend fun checkout(orderId: Long, customer: String) {
    val attempt = 2
    val items = listOf("book", "lamp")
    val price = fetchPrice(orderId) // @line:checkout
    println("$customer pays ${price * items.size} for order $orderId (attempt $attempt)")
}

suspend fun fetchPrice(orderId: Long): Double {
    val currency = "EUR"
    val quote = warehouseReply.await() // @line:fetchPrice
    println("quote for $orderId in $currency")
    return quote
}

suspend fun countStock(sku: String): Int {
    val shelf = "A3"
    delay(30.days) // @line:inventory
    return sku.length + shelf.length
}

suspend fun ship(inventory: Deferred<Int>) {
    val carrier = "parcel-post"
    val stock = inventory.await() // @line:shipper
    println("shipping $stock items with $carrier")
}

suspend fun reportWhenDone(checkoutJob: Job) {
    checkoutJob.join() // @line:reporter
    println("checkout finished")
}

suspend fun holdLedger(ledger: Mutex) {
    ledger.withLock {
        delay(Long.MAX_VALUE) // @line:lockHolder
    }
}

suspend fun waitForLedger(ledger: Mutex) {
    val entry = "refund-7"
    ledger.lock() // @line:lockWaiter
    try {
        println("booking $entry")
    } finally {
        ledger.unlock()
    }
}

suspend fun produceLabels(labels: Channel<Int>) {
    for (label in 1..3) {
        labels.send(label) // @line:producer
    }
    println("all labels queued")
}

suspend fun consumeReplies(replies: Channel<String>) {
    val reply = replies.receive() // @line:consumer
    println("reply: $reply")
}

fun orderEvents(): Flow<Int> = flow {
    emit(1)
    delay(Long.MAX_VALUE) // @line:emitter
    emit(2)
}

suspend fun watchEvents() {
    var seen = 0
    orderEvents().collect { event -> seen += event } // @line:collector
    println("saw $seen")
}

suspend fun awaitInvoice(invoice: CompletableFuture<String>) {
    val text = invoice.await() // @line:futureWaiter
    println("invoice: $text")
}

suspend fun fulfil(orderId: Long) {
    coroutineScope { // @line:coroutineScope
        launch(CoroutineName("packer")) { packBoxes(orderId) } // @line:launchPacker
        supervisorScope { // @line:supervisorScope
            launch(CoroutineName("notifier")) { notifyCustomer("ada") } // @line:launchNotifier
        }
        println("customer notified")
    }
    println("order $orderId fulfilled")
}

suspend fun packBoxes(orderId: Long) {
    val boxes = 3
    withContext(Dispatchers.IO) { // @line:withContext
        packerOnIo = true
        delay(30.days) // @line:ioDelay
        println("packed")
    }
    println("packed $boxes boxes for $orderId")
}

suspend fun notifyCustomer(customer: String) {
    val via = "email"
    val acknowledged = customerAck.await() // @line:notifier
    println("$customer acknowledged via $via: $acknowledged")
}

fun crunchNumbers(): Long {
    var rounds = 0L
    spinnerStarted = true
    while (spinning) rounds++ // @line:spinner
    return rounds
}

fun main() = runBlocking(CoroutineName("orders")) {
    val checkoutJob = launch(CoroutineName("checkout-12345")) { checkout(orderId = 12345L, customer = "ada") } // @line:launchCheckout
    val inventory = async(CoroutineName("inventory")) { countStock("lamp") }
    launch(CoroutineName("shipper")) { ship(inventory) }
    launch(CoroutineName("reporter")) { reportWhenDone(checkoutJob) }

    val ledger = Mutex()
    launch(CoroutineName("lock-holder")) { holdLedger(ledger) }
    launch(CoroutineName("lock-waiter")) { waitForLedger(ledger) }

    val labels = Channel<Int>(capacity = 2)
    launch(CoroutineName("producer")) { produceLabels(labels) }
    val replies = Channel<String>()
    launch(CoroutineName("consumer")) { consumeReplies(replies) }

    launch(CoroutineName("collector")) { watchEvents() }
    val invoice = CompletableFuture<String>()
    launch(CoroutineName("future-waiter")) { awaitInvoice(invoice) }
    launch(CoroutineName("fulfilment")) { fulfil(orderId = 12345L) } // @line:launchFulfilment

    val region = "eu-west"
    launch(CoroutineName("capturer")) {
        delay(Long.MAX_VALUE) // @line:capturer
        println("region $region")
    }
    launch(Dispatchers.Default + CoroutineName("spinner")) { crunchNumbers() }

    // The coroutines above on the main thread run to their suspension points whenever this body
    // suspends; the ones on other threads report where they got to.
    while (!(spinnerStarted && packerOnIo && ledger.isLocked)) {
        delay(10)
    }
    delay(200) // let the IO coroutine finish suspending
    println("READY")
    checkoutJob.join() // @line:ordersJoin
}
