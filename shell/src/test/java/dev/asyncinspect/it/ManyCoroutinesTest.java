package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 100,000 suspended coroutines dump completely, each with its async stack and spilled locals. */
@JvmTier
class ManyCoroutinesTest {

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"JDWP_17", "JDWP_25", "AGENT_17", "AGENT_25", "PROBES_AGENT_17"})
    void hundredThousandSuspendedCoroutinesDump(Route route) throws Exception {
        try (TargetJvm target = route.start("kotlin.ManyCoroutinesKt", "100000")) {
            Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode snapshot = Snapshots.parse(result.out());
            var workers = Snapshots.tasks(snapshot, t -> t.get("kind").asText().equals("coroutine")
                    && t.get("frames").size() > 0 && t.get("frames").get(0).get("function").asText().endsWith("ManyCoroutinesKt.work"));
            assertThat(workers).hasSize(100_000);
            JsonNode work = workers.get(0).get("frames").get(0);
            assertThat(work.get("line").asInt()).isEqualTo(SourceLines.of("ManyCoroutines.kt", "work"));
            int slot = Integer.parseInt(Snapshots.variable(work, "slot"));
            assertThat(Snapshots.variable(work, "label")).isEqualTo("\"slot-" + slot + "\"");
            assertThat(workers.get(0).get("state").asText()).isEqualTo("suspended");
            assertThat(workers.get(0).get("waitingFor").get(0).get("kind").asText()).isEqualTo("await");
        }
    }
}
