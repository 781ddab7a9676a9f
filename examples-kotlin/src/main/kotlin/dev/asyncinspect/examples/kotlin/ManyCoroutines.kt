package dev.asyncinspect.examples.kotlin

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/*
 * Scale target: N coroutines (default 100000, or args[0]), each suspended in work() awaiting one
 * shared Deferred that is never completed (no timers pile up). Prints "READY N", then never
 * finishes. Fits in -Xmx1g.
 */

/** Never completed: every worker awaits it. */
private val gate = CompletableDeferred<Unit>()

private var started = 0

suspend fun work(slot: Int, label: String) {
    val ticket = slot * 31 + label.length
    started++
    gate.await() // @line:work
    println("$label done with ticket $ticket")
}

fun main(args: Array<String>) = runBlocking {
    val count = args.firstOrNull()?.toInt() ?: 100_000
    for (slot in 0 until count) {
        launch { work(slot, "slot-$slot") }
    }
    // All workers run on this (main) thread: each runs to its await when this body yields.
    while (started < count) {
        yield()
    }
    println("READY $count")
    gate.await() // @line:main
}
