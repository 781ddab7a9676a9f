package dev.asyncinspect.examples.kotlin.shapes

import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

// Coroutines of every shape a breakpoint and a step must follow, each looping for ever with a
// counter `round` that every step should see move forward. Compiled by Kotlin 2.x here and by
// Kotlin 1.9 in examples-kotlin-legacy.

/** On Dispatchers.Default: resumed by a worker thread after every yield. */
suspend fun onDefault(batch: String) {
    var round = 0
    while (true) {
        round++
        yield() // @line:defaultYield
        delay(1) // @line:defaultDelay
    }
}

/** On Dispatchers.IO. */
suspend fun onIo(file: String) {
    var round = 0
    while (true) {
        round++
        delay(2)
    }
}

/** On runBlocking's event loop, on the main thread. */
suspend fun onEventLoop(queue: String) {
    var round = 0
    while (true) {
        round++
        delay(2)
    }
}

/** Calls a callee that suspends and returns: the caller resumes inside the callee's resume loop. */
suspend fun caller(order: String) {
    var round = 0
    while (true) {
        round++
        val parcel = callee(round)
        delay(1)
        check(parcel == round * 2)
    }
}

suspend fun callee(round: Int): Int {
    val doubled = round * 2
    delay(2)
    return doubled
}

/** withContext hops to another dispatcher and back: the caller resumes on another thread than it suspended on. */
suspend fun switching(job: String) {
    var round = 0
    while (true) {
        round++
        withContext(Dispatchers.IO) { delay(1) }
        delay(1)
    }
}

/** Started undispatched: its first run is inside the launching coroutine's own frames. */
suspend fun undispatched(id: Int) {
    var round = 0
    while (round < 200) {
        round++
        delay(2)
    }
}

suspend inline fun pause(ms: Long) {
    delay(ms)
}

/** An inline suspend call: the callee's suspension point is in the caller's own state machine. */
suspend fun inlined(sku: String) {
    var round = 0
    while (true) {
        round++
        pause(2)
    }
}

/** A tail call (`= settle(n)`): relay has no state machine and passes its caller's continuation on. */
suspend fun tailLoop(region: String) {
    var round = 0
    while (true) {
        round++
        val settled = relay(round)
        check(settled == round)
    }
}

suspend fun relay(round: Int): Int = settle(round)

suspend fun settle(round: Int): Int {
    delay(2)
    return round
}

@OptIn(DelicateCoroutinesApi::class)
fun main() = runBlocking(CoroutineName("event-loop")) {
    GlobalScope.launch(Dispatchers.Default + CoroutineName("default")) { onDefault("b-7") }
    GlobalScope.launch(Dispatchers.IO + CoroutineName("io")) { onIo("orders.csv") }
    GlobalScope.launch(Dispatchers.Default + CoroutineName("caller")) { caller("o-12") }
    GlobalScope.launch(Dispatchers.Default + CoroutineName("switching")) { switching("j-3") }
    GlobalScope.launch(Dispatchers.Default + CoroutineName("inlined")) { inlined("sku-9") }
    GlobalScope.launch(Dispatchers.Default + CoroutineName("tail")) { tailLoop("eu") }
    GlobalScope.launch(Dispatchers.Default + CoroutineName("lambda")) {
        var round = 0
        while (true) {
            round++
            delay(2) // @line:lambdaDelay
        }
    }
    GlobalScope.launch(Dispatchers.Default + CoroutineName("launcher")) {
        var id = 0
        while (true) {
            id++
            launch(CoroutineName("undispatched-$id"), start = CoroutineStart.UNDISPATCHED) { undispatched(id) }
            delay(200)
        }
    }
    println("READY")
    onEventLoop("inbox")
}
