package dev.asyncinspect.examples.kotlin.running

import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/*
 * Coroutines that are running, not suspended: each resumed hundreds of thousands of times first (so
 * that the JIT has compiled the resume path), then blocked in a plain call on its thread, as code
 * that calls a blocking API from a coroutine is.
 *   blocker      sleeps in Thread.sleep inside readLedger(), on Dispatchers.IO
 *   waiter       waits on a monitor inside awaitSignal(), on Dispatchers.IO
 * Prints READY once both are blocked, then never finishes.
 */

@Volatile
var blocked = 0

private val signal = Object()

fun readLedger(page: Int) {
    blocked++
    Thread.sleep(Long.MAX_VALUE) // @line:blockingSleep
    println(page)
}

fun awaitSignal(topic: String) {
    synchronized(signal) {
        blocked++
        signal.wait() // @line:blockingWait
    }
    println(topic)
}

fun main(): Unit = runBlocking {
    launch(Dispatchers.IO + CoroutineName("blocker")) {
        var rounds = 0
        while (rounds < 300_000) { yield(); rounds++ }
        readLedger(rounds) // @line:blockerCall
    }
    launch(Dispatchers.IO + CoroutineName("waiter")) {
        var rounds = 0
        while (rounds < 300_000) { yield(); rounds++ }
        awaitSignal("ledger-$rounds") // @line:waiterCall
    }
    while (blocked < 2) kotlinx.coroutines.delay(20)
    kotlinx.coroutines.delay(300)
    println("READY")
    awaitCancellation()
}
