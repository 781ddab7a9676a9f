package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.frame;
import static dev.asyncinspect.it.Snapshots.tasks;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kind of pending stage becomes a future task that names its stage, origin, captures and sources. */
@JvmTier
class FutureShapesTest {

    private static final String EXAMPLE = "FutureShapes";

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void everyStageShape(Route route) throws Exception {
        try (TargetJvm target = route.start(EXAMPLE)) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode snapshot = Snapshots.parse(result.out());

            JsonNode offer = named(snapshot, "thenCombine(FutureShapes.main)");
            JsonNode combine = frame(offer, "FutureShapes.main");
            assertThat(combine.get("line").asInt()).isEqualTo(SourceLines.of(EXAMPLE, "combine"));
            assertThat(variable(combine, "region")).isEqualTo("\"eu-west\"");
            List<String> sources = targets(offer);
            assertThat(sources).hasSize(2);
            sources.forEach(id -> assertThat(Snapshots.task(snapshot, id).get("name").asText()).isEqualTo("CompletableFuture"));

            assertThat(targets(named(snapshot, "allOf"))).containsExactlyInAnyOrderElementsOf(sources);
            assertThat(targets(named(snapshot, "anyOf"))).hasSize(2).contains(sources.get(0));
            assertThat(targets(named(snapshot, "acceptEither(List.add)"))).hasSize(2);

            JsonNode logged = named(snapshot, "thenAccept(FutureShapes.main)");
            assertThat(frame(logged, "FutureShapes.main").get("line").asInt()).isEqualTo(SourceLines.of(EXAMPLE, "accept"));
            assertThat(targets(logged)).containsExactly(offer.get("id").asText());
            assertThat(offer.get("waitedBy").toString()).contains(logged.get("id").asText());
            JsonNode safe = named(snapshot, "exceptionally(FutureShapes.main)");
            assertThat(frame(safe, "FutureShapes.main").get("line").asInt()).isEqualTo(SourceLines.of(EXAMPLE, "exceptionally"));

            JsonNode queued = named(snapshot, "supplyAsync(FutureShapes.main)");
            JsonNode supplier = frame(queued, "FutureShapes.main");
            assertThat(supplier.get("line").asInt()).isEqualTo(SourceLines.of(EXAMPLE, "queued"));
            assertThat(variable(supplier, "retries")).isEqualTo("3");
            assertThat(queued.get("waitingFor").get(0).get("kind").asText()).isEqualTo("executor");
            // Named by its threads, in line behind what its only thread runs (a task stuck on a latch).
            JsonNode executor = queued.get("waitingFor").get(0);
            assertThat(executor.get("description").asText()).contains("queued in ThreadPoolExecutor 'single-worker' at 1 of 1");
            JsonNode worker = tasks(snapshot, t -> t.get("name").asText().equals("single-worker")).get(0);
            assertThat(executor.get("target").asText()).isEqualTo(worker.get("id").asText());
        }
    }

    private static JsonNode named(JsonNode snapshot, String name) {
        List<JsonNode> found = tasks(snapshot, t -> t.get("kind").asText().equals("future") && t.get("name").asText().equals(name));
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static List<String> targets(JsonNode task) {
        return java.util.stream.StreamSupport
                .stream(task.get("waitingFor").spliterator(), false).map(w -> w.get("target").asText()).toList();
    }
}
