package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.frame;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Spring Boot WebFlux app run as users run it: {@code java -jar} on the archive spring-boot-maven-plugin
 * packaged (classes in BOOT-INF/classes, libraries in nested jars), once extracted with
 * {@code -Djarmode=tools extract} (a manifest Class-Path), and as a heap dump. The Kotlin suspend
 * controller's stack has its lines, states and variables; the Java controller's future chain its
 * captured variables by their source names; the Reactor endpoint's pipeline its operators, its sink and its request.
 */
@JvmTier
class SpringBootJarTest {

    private static final String KOTLIN = "QuotesApplication.kt";
    private static final String JAVA = "PricesController.java";
    private static final String STOCK = "dev.asyncinspect.examples.spring.StockController";

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"AGENT_17", "AGENT_25", "JDWP_25"})
    void executableJar(Route route) throws Exception {
        try (TargetJvm target = route.startJar(TargetJvm.springBootJar())) {
            assertControllers(Snapshots.dump(target), route);
        }
    }

    @Test
    void extractedLayout(@TempDir Path dir) throws Exception {
        Path extracted = dir.resolve("app");
        Process extract = new ProcessBuilder(Jdk.JDK25.java().toString(), "-Djarmode=tools", "-jar",
                TargetJvm.springBootJar().toString(), "extract", "--destination", extracted.toString())
                .redirectErrorStream(true).start();
        String output = new String(extract.getInputStream().readAllBytes());
        assertThat(extract.waitFor(120, TimeUnit.SECONDS) && extract.exitValue() == 0).as(output).isTrue();
        Path jar;
        try (var files = Files.list(extracted)) {
            jar = files.filter(f -> f.getFileName().toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        try (TargetJvm target = Route.AGENT_25.startJar(jar)) {
            assertControllers(Snapshots.dump(target), Route.AGENT_25);
        }
    }

    @Test
    void heapDumpOfTheJar(@TempDir Path dir) throws Exception {
        try (TargetJvm target = Route.AGENT_17.startJar(TargetJvm.springBootJar())) {
            Path dump = HeapDumps.take(Jdk.JDK17, target, dir);
            JsonNode snapshot = HeapDumps.json(dump);
            assertThat(futureStage(snapshot, "springVat").get("variables").findValuesAsText("name")).containsExactly("vat");
            JsonNode quote = handlerOf(snapshot, "sku-1");
            assertThat(frame(quote, "QuoteService.quote$suspendImpl").get("line").asInt())
                    .isEqualTo(SourceLines.of(KOTLIN, "springService"));
            assertStockPipeline(snapshot);
        }
    }

    private static void assertControllers(JsonNode snapshot, Route route) throws Exception {
        Snapshots.assertComplete(snapshot, route);
        for (String sku : List.of("sku-1", "sku-2")) {
            JsonNode handler = handlerOf(snapshot, sku);
            assertThat(handler.get("state").asText()).isEqualTo("suspended");
            JsonNode service = frame(handler, "QuoteService.quote$suspendImpl");
            assertThat(service.get("file").asText()).isEqualTo(KOTLIN);
            assertThat(service.get("line").asInt()).isEqualTo(SourceLines.of(KOTLIN, "springService"));
            assertThat(service.get("note").asText()).isEqualTo("state 1 of 1");
            assertThat(variable(service, "quantity")).isEqualTo("3");
            JsonNode controller = frame(handler, "QuotesController.quote$suspendImpl");
            assertThat(controller.get("line").asInt()).isEqualTo(SourceLines.of(KOTLIN, "springController"));
            assertThat(Snapshots.firstWait(handler).get("kind").asText()).isEqualTo("await");
        }
        assertThat(futureStage(snapshot, "springVat").get("variables").findValuesAsText("name")).containsExactly("vat");
        JsonNode label = futureStage(snapshot, "springLabel");
        assertThat(label.get("variables").findValuesAsText("name")).containsExactlyInAnyOrder("sku", "currency");
        assertThat(variable(label, "sku")).isEqualTo("\"sku-3\"");
        assertStockPipeline(snapshot);
    }

    /** The Reactor endpoint's pipeline waits on its sink, inside the request's own pipeline down from Reactor Netty. */
    private static void assertStockPipeline(JsonNode snapshot) throws Exception {
        // The request for sku-4 (the app's own WebClient call asks for sku-5).
        List<JsonNode> found = Snapshots.tasks(snapshot, t -> t.get("kind").asText().equals("reactive")
                && t.get("frames").findValuesAsText("function").contains(STOCK + ".stock") && t.toString().contains("\\\"sku-4\\\""));
        assertThat(found).hasSize(1);
        JsonNode stock = found.get(0);
        assertThat(stock.get("frames").get(0).get("note").asText()).isEqualTo("Sinks.one");
        assertThat(Snapshots.firstWait(stock).get("kind").asText()).isEqualTo("sink");
        JsonNode map = stockFrame(stock, "springStockMap");
        assertThat(map.get("note").asText()).isEqualTo("map");
        assertThat(variable(map, "reserved")).isEqualTo("2");
        assertThat(variable(stockFrame(stock, "springStockLabel"), "sku")).isEqualTo("\"sku-4\"");
        JsonNode outer = stock;
        for (int hops = 0; hops < 5 && outer.get("waitedBy").size() == 1; hops++) {
            outer = Snapshots.task(snapshot, outer.get("waitedBy").get(0).asText());
        }
        assertThat(Snapshots.fact(outer, "subscriber")).isEqualTo("HTTP GET /stock/sku-4 (Reactor Netty)");

        // The app's own WebClient call waits for its response on a Reactor Netty client connection.
        List<JsonNode> calls = Snapshots.tasks(snapshot, t -> t.get("kind").asText().equals("reactive")
                && t.get("frames").findValuesAsText("function").contains("dev.asyncinspect.examples.spring.QuotesApplicationKt.main$lambda$0"));
        assertThat(calls).hasSize(1);
        JsonNode call = calls.get(0);
        assertThat(call.get("frames").get(0).get("note").asText()).isEqualTo("create");
        assertThat(Snapshots.firstWait(call).get("kind").asText()).isEqualTo("socket");
        assertThat(Snapshots.firstWait(call).get("description").asText())
                .matches("waits for the response to HTTP GET http://127\\.0\\.0\\.1:\\d+/stock/sku-5 \\(Reactor Netty client\\)");
        assertThat(Snapshots.fact(call, "subscriber")).isEqualTo("subscribe(" + KOTLIN + ":" + SourceLines.of(KOTLIN, "springClientSubscribe") + ")");
        assertThat(frame(call, "QuotesApplicationKt.main$lambda$0").get("line").asInt()).isEqualTo(SourceLines.of(KOTLIN, "springClientMap"));
    }

    private static JsonNode stockFrame(JsonNode pipeline, String marker) throws Exception {
        int line = SourceLines.of("StockController.java", marker);
        for (JsonNode frame : pipeline.get("frames")) {
            if (frame.get("function").asText().equals(STOCK + ".stock") && frame.get("line").asInt() == line) {
                return frame;
            }
        }
        throw new AssertionError("no operator at StockController.java:" + line + " in " + pipeline);
    }

    /** The coroutine Spring started for the request for this sku. */
    private static JsonNode handlerOf(JsonNode snapshot, String sku) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode task : Snapshots.tasks(snapshot, t -> t.get("kind").asText().equals("coroutine"))) {
            for (JsonNode frame : task.get("frames")) {
                if (frame.get("function").asText().endsWith("QuoteService.quote$suspendImpl")
                        && Snapshots.variable(frame, "sku").equals("\"" + sku + "\"")) {
                    found.add(task);
                }
            }
        }
        assertThat(found).as(sku).hasSize(1);
        return found.get(0);
    }

    /** The pending stage written at this marked line of the Java controller. */
    private static JsonNode futureStage(JsonNode snapshot, String marker) throws Exception {
        int line = SourceLines.of(JAVA, marker);
        for (JsonNode task : Snapshots.tasks(snapshot, t -> t.get("kind").asText().equals("future"))) {
            for (JsonNode frame : task.get("frames")) {
                if (frame.get("function").asText().endsWith("PricesController.price") && frame.get("line").asInt() == line) {
                    return frame;
                }
            }
        }
        throw new AssertionError("no pending stage at " + JAVA + ":" + line);
    }
}
