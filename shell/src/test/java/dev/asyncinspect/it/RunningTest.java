package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.coroutine;
import static dev.asyncinspect.it.Snapshots.fact;
import static dev.asyncinspect.it.Snapshots.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Coroutines blocked in a plain call after hundreds of thousands of resumes (their resume path
 * compiled by the JIT) are running on their thread, at the line they are blocked at: never shown
 * suspended at a stale line.
 */
@JvmTier
class RunningTest {

    private static final String SOURCE = "Blocking.kt";

    @ParameterizedTest
    @EnumSource(Route.class)
    void blockedCoroutinesAreRunningWhereTheyBlock(Route route) throws Exception {
        try (TargetJvm target = route.start("kotlin.running.BlockingKt")) {
            JsonNode snapshot = Snapshots.dump(target);
            Snapshots.assertComplete(snapshot, route);
            assertRunning(snapshot, "blocker", "BlockingKt.readLedger", "blockingSleep");
            assertRunning(snapshot, "waiter", "BlockingKt.awaitSignal", "blockingWait");
        }
    }

    private static void assertRunning(JsonNode snapshot, String name, String function, String line) throws Exception {
        JsonNode task = coroutine(snapshot, name, "launch");
        assertThat(task.get("state").asText()).as(name).isEqualTo("running");
        String thread = fact(task, "running on");
        assertThat(Snapshots.task(snapshot, thread).get("kind").asText()).isEqualTo("thread");
        assertThat(frame(task, function).get("line").asInt()).isEqualTo(SourceLines.of(SOURCE, line));
        assertThat(task.get("waitingFor")).isEmpty();
    }
}
