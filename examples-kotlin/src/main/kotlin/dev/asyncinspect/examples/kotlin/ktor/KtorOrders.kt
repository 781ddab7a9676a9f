package dev.asyncinspect.examples.kotlin.ktor

import io.ktor.client.HttpClient
import io.ktor.client.engine.cio.CIO as ClientCIO
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing
import java.net.ServerSocket
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/*
 * A real Ktor 3.3 server (Netty engine) whose GET /orders/{id} handler calls loadOrder(id) ->
 * fetchPrice(id, currency) -> an HTTP call (Ktor client, CIO engine) to a pricing backend that
 * accepts the connection and never answers. Four requests hang in it, as in production when a
 * dependency stops responding.
 * Prints READY once the four handlers are waiting on the backend, then never finishes.
 */

private val backend = ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())
// CIO gives up after 15 s by default; these wait as long as the backend keeps them waiting.
private val pricing = HttpClient(ClientCIO) { engine { requestTimeout = 0 } }
private val waitingOnBackend = AtomicInteger()

suspend fun fetchPrice(orderId: Int, currency: String): String {
    waitingOnBackend.incrementAndGet()
    val reply = pricing.get("http://127.0.0.1:${backend.localPort}/price/$orderId?currency=$currency") // @line:ktorFetchPrice
    return reply.bodyAsText()
}

suspend fun loadOrder(orderId: Int): String {
    val currency = if (orderId % 2 == 0) "EUR" else "USD"
    val price = fetchPrice(orderId, currency) // @line:ktorLoadOrder
    return "order $orderId: $price"
}

fun main() {
    // The backend takes connections and never replies.
    val accepted = java.util.concurrent.CopyOnWriteArrayList<java.net.Socket>()
    thread(isDaemon = true, name = "silent-backend") { while (true) accepted.add(backend.accept()) }
    val server = embeddedServer(Netty, port = 0, host = "127.0.0.1") {
        routing {
            get("/orders/{id}") {
                val id = call.parameters["id"]!!.toInt()
                call.respondText(loadOrder(id)) // @line:ktorHandler
            }
        }
    }.start(wait = false)
    val port = runBlocking { server.engine.resolvedConnectors().first().port }
    val callers = HttpClient(ClientCIO) { engine { requestTimeout = 0 } }
    for (id in 1..4) {
        kotlinx.coroutines.GlobalScope.launch(Dispatchers.IO) { callers.get("http://127.0.0.1:$port/orders/$id").bodyAsText() }
    }
    while (waitingOnBackend.get() < 4 || accepted.size < 4) Thread.sleep(20)
    Thread.sleep(300)
    println("READY")
    Thread.currentThread().join()
}
