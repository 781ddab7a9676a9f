package dev.asyncinspect.examples.kotlin.pump

import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

// A coroutine app that keeps running: "pump" refills a tank in a loop, each refill passing through
// two suspension points. The target for breakpoints and stepping through state transitions.

suspend fun refill(attempt: Int): Int {
    val litres = attempt * 10
    delay(40) // @line:refillOpen
    val level = litres + 5
    delay(40) // @line:refillClose
    return level
}

suspend fun pump(tank: String) {
    var attempt = 0
    while (true) {
        attempt++
        val level = refill(attempt) // @line:pumpRefill
        println("$tank at $level after refill $attempt")
        delay(20)
    }
}

fun main() = runBlocking(CoroutineName("plant")) {
    launch(CoroutineName("pump")) { pump(tank = "north") }
    println("READY")
}
