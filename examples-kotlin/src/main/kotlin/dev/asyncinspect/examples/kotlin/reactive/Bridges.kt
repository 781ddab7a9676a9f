package dev.asyncinspect.examples.kotlin.reactive

import java.time.Duration
import kotlin.concurrent.thread
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.reactive.awaitSingle
import kotlinx.coroutines.reactor.mono
import kotlinx.coroutines.runBlocking
import reactor.core.publisher.Flux

/*
 * Coroutines and Reactor pipelines waiting on each other across kotlinx-coroutines-reactor's bridges:
 *   stock-awaiter   awaitSingle() on mono { reserve(…) }.map: the mono's coroutine sleeps in delay for an hour
 *   ticker          collects Flux.interval(5 min).map as a Flow (asFlow)
 *   invoice-blocker a thread in block() on mono { } whose coroutine waits forever
 * Prints READY once all of them wait, then never finishes.
 */

suspend fun reserve(sku: String, quantity: Int): Int {
    delay(Duration.ofHours(1).toMillis()) // @line:reserveDelay
    return quantity
}

suspend fun awaitStock(sku: String): Int {
    val reserved = mono { reserve(sku, 3) }
        .map { it * 2 } // @line:stockMap
        .awaitSingle() // @line:stockAwait
    return reserved
}

suspend fun tick(region: String) {
    Flux.interval(Duration.ofMinutes(5))
        .map { n -> "$region tick $n" } // @line:tickMap
        .asFlow()
        .collect { println(it) } // @line:tickCollect
}

fun main(): Unit = runBlocking {
    launch(CoroutineName("stock-awaiter")) { awaitStock("sku-7") }
    launch(CoroutineName("ticker")) { tick("eu-north") }
    thread(name = "invoice-blocker", isDaemon = true) {
        val invoice = mono(CoroutineName("invoice")) { awaitCancellation() }.block() // @line:invoiceBlock
        println(invoice)
    }
    delay(500)
    println("READY")
    awaitCancellation()
}
