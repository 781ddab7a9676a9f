package dev.asyncinspect.examples.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A Reactor endpoint: its answer waits on a restock sink nobody emits to. */
@RestController
public class StockController {

    private final Sinks.One<Integer> restocks = Sinks.one();

    @GetMapping("/stock/{sku}")
    public Mono<String> stock(@PathVariable String sku) {
        int reserved = 2;
        return restocks.asMono()
                .doOnSubscribe(subscription -> QuotesApplicationKt.getWaiting().incrementAndGet())
                .map(count -> count - reserved) // @line:springStockMap
                .filter(left -> left > 0)
                .map(left -> sku + ": " + left + " left"); // @line:springStockLabel
    }
}
