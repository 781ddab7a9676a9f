package dev.asyncinspect.examples.kotlin.throughput

import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

// A coroutine workload that only suspends and resumes, printing how many transitions it made each
// second: the target for measuring what recording and conditional breakpoints cost.

val transitions = AtomicLong()

suspend fun churn(worker: Int) {
    var rounds = 0L
    while (true) {
        yield()
        rounds++
        transitions.incrementAndGet()
    }
}

fun main(): Unit = runBlocking(CoroutineName("throughput")) {
    repeat(4) { worker -> launch(CoroutineName("churn-$worker")) { churn(worker) } }
    launch(CoroutineName("meter")) {
        var last = 0L
        var lastNanos = System.nanoTime()
        println("READY")
        while (true) {
            delay(1000)
            val now = transitions.get()
            val nanos = System.nanoTime()
            // Per second of time elapsed: a held thread can make the meter late.
            println("rate ${(now - last) * 1_000_000_000 / (nanos - lastNanos)}")
            last = now
            lastNanos = nanos
        }
    }
    Unit
}
