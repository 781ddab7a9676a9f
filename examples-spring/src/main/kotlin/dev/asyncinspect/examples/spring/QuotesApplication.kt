package dev.asyncinspect.examples.spring

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication
import org.springframework.stereotype.Service
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.RestController
import org.springframework.web.reactive.function.client.WebClient

/*
 * A Spring Boot WebFlux app as users ship it (java -jar with nested jars): a Kotlin suspend
 * controller whose service awaits a supplier that never answers, and a Java controller whose
 * CompletableFuture chain waits on a quote nobody completes (PricesController), and a Reactor endpoint
 * whose Mono waits on a sink nobody emits to (StockController). Requests to all of them hang, one of them
 * the app's own WebClient call; prints READY once they are all waiting, then never finishes.
 */

@SpringBootApplication
class QuotesApplication

/** Requests that reached a wait, so that READY means every one is stuck. */
val waiting = AtomicInteger()

@Service
class QuoteService {
    private val supplier = CompletableDeferred<Double>()

    suspend fun quote(sku: String, quantity: Int): String {
        waiting.incrementAndGet()
        val unitPrice = supplier.await() // @line:springService
        return "$sku x $quantity = ${unitPrice * quantity}"
    }
}

@RestController
class QuotesController(private val service: QuoteService) {
    @GetMapping("/quotes/{sku}")
    suspend fun quote(@PathVariable sku: String): String {
        val answer = service.quote(sku, quantity = 3) // @line:springController
        return answer
    }
}

fun main(args: Array<String>) {
    val context = runApplication<QuotesApplication>(*args)
    val port = context.environment.getProperty("local.server.port")
    val client = HttpClient.newHttpClient()
    for (path in listOf("/quotes/sku-1", "/quotes/sku-2", "/prices/sku-3", "/stock/sku-4")) {
        client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:$port$path")).build(), HttpResponse.BodyHandlers.ofString())
    }
    // The app as a client of itself: a WebClient call whose answer never comes (the stock endpoint hangs).
    val restock = WebClient.create("http://127.0.0.1:$port").get().uri("/stock/sku-5")
        .retrieve().bodyToMono(String::class.java)
        .map { body -> "restock: $body" } // @line:springClientMap
        .subscribe { println(it) } // @line:springClientSubscribe
    while (waiting.get() < 5) Thread.sleep(20)
    check(!restock.isDisposed)
    Thread.sleep(300)
    println("READY")
}
