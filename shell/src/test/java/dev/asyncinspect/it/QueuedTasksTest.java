package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.firstWait;
import static dev.asyncinspect.it.Snapshots.tasks;
import static dev.asyncinspect.it.Snapshots.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** supplyAsync tasks queued in a one-thread ForkJoinPool name the pool, their place in line and the thread they wait behind. */
@JvmTier
class QueuedTasksTest {

    private static final String EXAMPLE = "QueuedTasks";

    @ParameterizedTest
    @EnumSource(value = Route.class, names = {"AGENT_17", "AGENT_25", "JDWP_17"})
    void queuedInAForkJoinPool(Route route) throws Exception {
        try (TargetJvm target = route.start(EXAMPLE)) {
            assertQueue(Snapshots.dump(target));
        }
    }

    @Test
    void heapDump(@TempDir Path dir) throws Exception {
        try (TargetJvm target = Route.AGENT_25.start(EXAMPLE)) {
            assertQueue(HeapDumps.json(HeapDumps.take(Jdk.JDK25, target, dir)));
        }
    }

    private static void assertQueue(JsonNode snapshot) throws Exception {
        JsonNode worker = Snapshots.taskNamed(snapshot, "ForkJoinPool-1-worker-1");
        assertThat(worker.get("frames").get(worker.get("focusFrame").asInt()).get("line").asInt())
                .isEqualTo(SourceLines.of(EXAMPLE, "fjpBlocked"));
        List<JsonNode> queued = tasks(snapshot, t -> t.get("name").asText().equals("supplyAsync(QueuedTasks.main)"));
        assertThat(queued).hasSize(3);
        for (JsonNode task : queued) {
            JsonNode stage = task.get("frames").get(0);
            assertThat(stage.get("line").asInt()).isEqualTo(SourceLines.of(EXAMPLE, "fjpQueued"));
            int place = Integer.parseInt(variable(stage, "size")) / 100;
            assertThat(firstWait(task).get("kind").asText()).isEqualTo("executor");
            assertThat(firstWait(task).get("target").asText()).as(firstWait(task).toString()).isEqualTo(worker.get("id").asText());
            assertThat(firstWait(task).get("description").asText()).isEqualTo("supplyAsync task is queued in ForkJoinPool 'ForkJoinPool-1' at "
                    + place + " of 3, behind what its only thread " + worker.get("id").asText() + " runs");
        }
    }
}
