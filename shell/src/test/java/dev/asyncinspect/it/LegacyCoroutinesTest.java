package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.frame;
import static dev.asyncinspect.it.Snapshots.taskNamed;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Class files of Kotlin 1.9 (DebugMetadata version 1, no {@code nl}) with kotlinx.coroutines 1.7
 * (atomics without the {@code $volatile} suffix) read as well as current ones.
 */
@JvmTier
class LegacyCoroutinesTest {

    private static final String SOURCE = "LegacyOrders.kt";

    @ParameterizedTest
    @EnumSource(Route.class)
    void kotlin19AndCoroutines17(Route route) throws Exception {
        try (TargetJvm target = route.start("legacy.LegacyOrdersKt")) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode snapshot = Snapshots.parse(result.out());

            JsonNode orders = taskNamed(snapshot, "legacy-orders");
            JsonNode checkout = taskNamed(snapshot, "legacy-checkout");
            assertThat(checkout.get("state").asText()).isEqualTo("suspended");
            assertThat(checkout.get("parent").asText()).isEqualTo(orders.get("id").asText());
            JsonNode quote = frame(checkout, "LegacyOrdersKt.fetchQuote");
            assertThat(quote.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "legacyQuote"));
            assertThat(quote.get("note").asText()).isEqualTo("state 1 of 1");
            assertThat(variable(quote, "orderId")).isEqualTo("777");
            JsonNode checkoutFrame = frame(checkout, "LegacyOrdersKt.checkout");
            assertThat(checkoutFrame.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "legacyCheckout"));
            assertThat(variable(checkoutFrame, "customer")).isEqualTo("\"bob\"");
            assertThat(variable(checkoutFrame, "attempt")).isEqualTo("3");
            assertThat(checkout.get("waitingFor").get(0).get("kind").asText()).isEqualTo("await");

            JsonNode stock = taskNamed(snapshot, "legacy-stock");
            assertThat(frame(stock, "LegacyOrdersKt.countStock").get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "legacyStock"));
            assertThat(stock.get("waitingFor").get(0).get("kind").asText()).isEqualTo("delay");
            JsonNode shipper = taskNamed(snapshot, "legacy-shipper");
            assertThat(shipper.get("waitingFor").get(0).get("target").asText()).isEqualTo(stock.get("id").asText());

            JsonNode holder = taskNamed(snapshot, "legacy-holder");
            JsonNode hold = holder.get("frames").get(0);
            assertThat(hold.get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "legacyHolder"));
            assertThat(hold.get("note").asText()).isEqualTo("state 2 of 2");
            JsonNode waiter = taskNamed(snapshot, "legacy-waiter");
            assertThat(waiter.get("frames").get(0).get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, "legacyWaiter"));
            assertThat(waiter.get("waitingFor").get(0).get("kind").asText()).isEqualTo("mutex");
        }
    }
}
