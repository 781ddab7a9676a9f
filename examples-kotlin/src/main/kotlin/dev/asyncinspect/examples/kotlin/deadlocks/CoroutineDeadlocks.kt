package dev.asyncinspect.examples.kotlin.deadlocks

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

// Coroutine deadlocks, one per mode: "mutex" (two coroutines take two Mutexes in opposite order
// with withLock) and "deferred" (two coroutines await each other's Deferred). Prints READY.

val journalLock = Mutex()
val walletLock = Mutex()

suspend fun payout(amount: Int) {
    walletLock.withLock {
        delay(100)
        journalLock.withLock { // @line:payout
            println("paid $amount")
        }
    }
}

suspend fun reconcile(batch: Int) {
    journalLock.withLock {
        delay(100)
        walletLock.withLock { // @line:reconcile
            println("reconciled $batch")
        }
    }
}

suspend fun quote(other: Deferred<Int>): Int = other.await() + 1 // @line:quote

fun main(args: Array<String>) = runBlocking(CoroutineName("deadlocks")) {
    when (args.firstOrNull() ?: "mutex") {
        "mutex" -> {
            launch(CoroutineName("payout")) { payout(amount = 250) }
            launch(CoroutineName("reconcile")) { reconcile(batch = 7) }
        }
        "deferred" -> {
            val second = CompletableDeferred<Deferred<Int>>()
            val first = async(CoroutineName("first-quote")) { quote(second.await()) }
            second.complete(async(CoroutineName("second-quote")) { quote(first) })
        }
        else -> error("mode: mutex | deferred")
    }
    delay(500)
    println("READY")
}
