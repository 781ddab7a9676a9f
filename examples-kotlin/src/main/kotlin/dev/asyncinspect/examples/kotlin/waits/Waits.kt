package dev.asyncinspect.examples.kotlin.waits

import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.reactive.awaitSingle
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select
import reactor.core.publisher.Mono

/*
 * Coroutines suspended in waits that no thread stack explains:
 *   iterator       for (order in orders): the next element of a channel nobody sends to
 *   catcher        receiveCatching() on another such channel
 *   selector       select { } over two silent channels
 *   shared-reader  collects a SharedFlow nobody emits to
 *   state-reader   collects a StateFlow that never changes after its first value
 *   mono-awaiter   awaitSingle() on a Reactor Mono built on a CompletableFuture nobody completes
 * Prints READY once all of them are suspended, then never finishes.
 */

val orders = Channel<String>()
val refunds = Channel<String>()
val audits = Channel<Int>()
val events = MutableSharedFlow<String>()
val stock = MutableStateFlow(7)
val quote = CompletableFuture<Double>()

suspend fun drainOrders(batch: String) {
    for (order in orders) { // @line:iterator
        println("$batch $order")
    }
}

suspend fun catchRefund(reason: String) {
    val refund = refunds.receiveCatching() // @line:catcher
    println("$reason $refund")
}

suspend fun pickFirst(round: Int): String {
    val picked = select { // @line:selector
        refunds.onReceive { "refund $it" }
        audits.onReceive { "audit $it" }
    }
    return "$picked in round $round"
}

suspend fun priceFromReactor(sku: String): Double {
    val price = Mono.fromFuture(quote).map { it * 1.2 }.awaitSingle() // @line:monoAwait
    return price
}

fun main(): Unit = runBlocking {
    launch(CoroutineName("iterator")) { drainOrders("night") }
    launch(CoroutineName("catcher")) { catchRefund("damaged") }
    launch(CoroutineName("selector")) { pickFirst(3) }
    launch(CoroutineName("shared-reader")) { events.collect { println(it) } } // @line:sharedCollect
    launch(CoroutineName("state-reader")) { stock.collect { println(it) } } // @line:stateCollect
    launch(CoroutineName("mono-awaiter")) { priceFromReactor("sku-9") }
    delay(300)
    println("READY")
    awaitCancellation()
}
