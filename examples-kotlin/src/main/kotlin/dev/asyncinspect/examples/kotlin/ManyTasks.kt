package dev.asyncinspect.examples.kotlin

import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

// The agent benchmark's target: N pending futures (each with a thenApply stage) and N suspended
// coroutines in one JVM. Both are kept reachable: a dead local would be collected.
private val pendingFutures = ArrayList<CompletableFuture<Int>>()
private val release = CompletableDeferred<Unit>()
private var suspended = 0

suspend fun hold(slot: Int, label: String) {
    val ticket = slot * 31 + label.length
    suspended++
    release.await()
    println("$label done with ticket $ticket")
}

fun main(args: Array<String>) = runBlocking {
    val count = args.firstOrNull()?.toInt() ?: 100_000
    for (slot in 0 until count) {
        val source = CompletableFuture<Int>()
        val label = "job-$slot"
        source.thenApply { v -> v + slot + label.length }
        pendingFutures.add(source)
        launch { hold(slot, "slot-$slot") }
    }
    while (suspended < count) {
        yield()
    }
    println("READY $count")
    release.await()
}
