package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 100,000 pending futures, each with one dependent stage, dump completely with their captured variables. */
@JvmTier
class ManyFuturesTest {

    @ParameterizedTest
    @EnumSource(value = Route.class, mode = EnumSource.Mode.MATCH_NONE, names = Route.WITH_PROBES)
    void hundredThousandPendingFuturesDump(Route route) throws Exception {
        try (TargetJvm target = route.start("ManyFutures", "100000")) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode snapshot = Snapshots.parse(result.out());
            var stages = Snapshots.tasks(snapshot, t -> t.get("name").asText().equals("thenApply(ManyFutures.main)"));
            var sources = Snapshots.tasks(snapshot, t -> t.get("kind").asText().equals("future")
                    && t.get("name").asText().equals("CompletableFuture"));
            assertThat(stages).hasSize(100_000);
            assertThat(sources).hasSize(100_000);
            JsonNode stage = Snapshots.frame(stages.get(0), "ManyFutures.main");
            assertThat(stage.get("line").asInt()).isEqualTo(SourceLines.of("ManyFutures", "stage"));
            int slot = Integer.parseInt(Snapshots.variable(stage, "slot"));
            assertThat(Snapshots.variable(stage, "label")).isEqualTo("\"job-" + slot + "\"");
            assertThat(stages.get(0).get("facts").get("chain").asText()).isEqualTo("stage 2 of 2");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"AGENT_17", "JDWP_25"})
    void likeFuturesAreOneRowAndOneBlockListingEveryId(Route route) throws Exception {
        try (TargetJvm target = route.start("ManyFutures", "2000")) {
            Tool.Result compact = Tool.run(null, target, "dump", "--format", "json-compact");
            assertThat(compact.exitCode()).as(compact.err()).isZero();
            assertThat(compact.out().strip().lines()).hasSize(1);
            var stages = Snapshots.tasks(Snapshots.parse(compact.out()), t -> t.get("name").asText().equals("thenApply(ManyFutures.main)"));
            assertThat(stages).hasSize(2000);

            Tool.Result text = Tool.run(null, target, "dump");
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out().lines().filter(l -> l.strip().equals("… and 1,999 more futures like this"))).hasSize(2);
            String block = text.out().substring(text.out().indexOf("2,000 futures like this"));
            block = block.substring(0, block.indexOf("\nTask "));
            java.util.Set<String> listed = java.util.Set.of(block.substring(block.indexOf('\n')).strip().split("\\s+"));
            // The block of stages or of their sources: either way, 2,000 ids, each once.
            assertThat(listed).hasSize(2000);
            assertThat(text.out().lines().filter(l -> l.startsWith("Task f"))).hasSize(2);

            Tool.Result bounded = Tool.run(null, target, "dump", "--format", "json", "--max-tasks", "500");
            assertThat(bounded.exitCode()).as(bounded.err()).isZero();
            JsonNode partial = Snapshots.parse(bounded.out());
            assertThat(Snapshots.tasks(partial, t -> t.get("name").asText().equals("thenApply(ManyFutures.main)"))).hasSize(500);
            assertThat(partial.get("gaps").toString()).contains("budget: 1,500 of 2,000 pending stages of futures not read");
        }
    }
}
