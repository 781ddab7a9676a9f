package dev.asyncinspect.examples.spring;

import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A Java controller whose answer is a CompletableFuture chain on a supplier quote nobody completes. */
@RestController
public class PricesController {

    private final CompletableFuture<Double> supplierQuote = new CompletableFuture<>();

    @GetMapping("/prices/{sku}")
    public CompletableFuture<String> price(@PathVariable String sku) {
        double vat = 0.2;
        String currency = "EUR";
        QuotesApplicationKt.getWaiting().incrementAndGet();
        return supplierQuote
                .thenApply(net -> net * (1 + vat)) // @line:springVat
                .thenApply(gross -> sku + ": " + gross + " " + currency); // @line:springLabel
    }
}
