package dev.asyncinspect.examples.kotlin.relays

import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.startCoroutine
import kotlin.coroutines.suspendCoroutine
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/*
 * Suspend code whose callers are reached through Continuations other than the compiler's own:
 *   relay-order     lookUp() runs under a hand-written Continuation (Audited) that hands its result on
 *                   to its caller, which waits in suspendCoroutine (SafeContinuation, DispatchedContinuation)
 *   parked-order    the same, but the relay keeps its caller in a list: no field says who is next
 *   slow-collector  a Flow's collector suspended in its own body, inside emit() (SafeCollector)
 * All on Dispatchers.Default, so their threads are the scheduler's.
 * Prints READY once all of them are suspended, then never finishes.
 */

private val warehouse = CompletableDeferred<Int>()

/** Hands the result on to the caller, as a retry or audit wrapper would. */
class Audited<T>(private val next: Continuation<T>, private val attempts: Int) : Continuation<T> {
    override val context: CoroutineContext get() = next.context
    override fun resumeWith(result: Result<T>) = next.resumeWith(result)
}

/** Keeps its callers in a list of its own, which the tool cannot tell from data. */
class Parked<T>(private val context0: CoroutineContext) : Continuation<T> {
    val waiting = ArrayList<Continuation<T>>()
    override val context: CoroutineContext get() = context0
    override fun resumeWith(result: Result<T>) = waiting.forEach { it.resumeWith(result) }
}

suspend fun lookUp(sku: String, quantity: Int): Int {
    val stock = warehouse.await() // @line:lookUp
    return stock - quantity
}

suspend fun audited(sku: String): Int = suspendCoroutine { caller ->
    suspend { lookUp(sku, 3) }.startCoroutine(Audited(caller, attempts = 2)) // @line:audited
}

suspend fun placeOrder(orderId: Long): Int {
    val reserved = audited("sku-$orderId") // @line:placeOrder
    return reserved
}

suspend fun parked(sku: String): Int = suspendCoroutine { caller ->
    val relay = Parked<Int>(caller.context)
    relay.waiting.add(caller)
    suspend { lookUp(sku, 5) }.startCoroutine(relay)
}

suspend fun parkOrder(orderId: Long): Int {
    val reserved = parked("sku-$orderId") // @line:parkOrder
    return reserved
}

fun main(): Unit = runBlocking {
    launch(Dispatchers.Default + CoroutineName("relay-order")) { placeOrder(orderId = 4711L) }
    launch(Dispatchers.Default + CoroutineName("parked-order")) { parkOrder(orderId = 4712L) }
    launch(Dispatchers.Default + CoroutineName("slow-collector")) {
        flow { emit("parcel-1"); emit("parcel-2") }.collect { parcel ->
            val label = "label for $parcel"
            delay(Long.MAX_VALUE) // @line:collectBody
            println(label)
        }
    }
    delay(300)
    println("READY")
    awaitCancellation()
}
