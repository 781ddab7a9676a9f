package dev.asyncinspect.examples.kotlin

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/*
 * Scale target: N coroutines (default 100000, or args[0]), each suspended in work() awaiting one
 * shared Deferred that is never completed (no timers pile up). Prints "READY N", then never
 * finishes. Fits in -Xmx1g. With kotlinx-coroutines-debug's agent and -Dbench.debugDumps=R, it then
 * times R of that agent's own dumps (DebugProbes.dumpCoroutines) and prints "DEBUG-DUMP <ms> ms" for each.
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
    System.getProperty("bench.debugDumps")?.toInt()?.let(::timeDebugDumps)
    gate.await() // @line:main
}

/** By reflection: the debug module is on the class path only with its agent. */
private fun timeDebugDumps(rounds: Int) {
    val probes = Class.forName("kotlinx.coroutines.debug.DebugProbes")
    val dump = probes.getMethod("dumpCoroutines", java.io.PrintStream::class.java)
    val instance = probes.getField("INSTANCE").get(null)
    repeat(rounds) {
        val start = System.nanoTime()
        dump.invoke(instance, java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        println("DEBUG-DUMP ${(System.nanoTime() - start) / 1_000_000} ms")
    }
}
