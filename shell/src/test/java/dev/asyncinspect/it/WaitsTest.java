package dev.asyncinspect.it;

import static dev.asyncinspect.it.Snapshots.coroutine;
import static dev.asyncinspect.it.Snapshots.firstWait;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each wait named as what it is: channel iteration, receiveCatching, select, SharedFlow, StateFlow, awaitSingle on a Mono. */
@JvmTier
class WaitsTest {

    private static final String SOURCE = "Waits.kt";

    @ParameterizedTest
    @EnumSource(Route.class)
    void everyWaitIsNamed(Route route) throws Exception {
        try (TargetJvm target = route.start("kotlin.waits.WaitsKt")) {
            JsonNode snapshot = Snapshots.dump(target);
            Snapshots.assertComplete(snapshot, route);

            assertWait(snapshot, "iterator", "channel-receive", "waits for the next element of Channel channel@", "iterator");
            assertWait(snapshot, "catcher", "channel-receive", "waits in receiveCatching() on Channel channel@", "catcher");
            assertWait(snapshot, "selector", "channel-receive", "waits in select to receive from Channel channel@", "selector");
            assertWait(snapshot, "shared-reader", "flow", "collects SharedFlow sharedflow@", "sharedCollect");
            assertWait(snapshot, "state-reader", "flow", "collects StateFlow stateflow@", "stateCollect");
            assertWait(snapshot, "mono-awaiter", "publisher", "awaits Reactor pipeline r", "monoAwait");
            JsonNode pipeline = Snapshots.task(snapshot, firstWait(coroutine(snapshot, "mono-awaiter", "launch")).get("target").asText());
            assertThat(pipeline.get("name").asText()).isEqualTo("fromFuture → map → awaitSingle");
            JsonNode quote = Snapshots.task(snapshot, firstWait(pipeline).get("target").asText());
            assertThat(quote.get("kind").asText()).isEqualTo("future");
            assertThat(variable(coroutine(snapshot, "iterator", "launch"), "batch")).isEqualTo("\"night\"");
            assertThat(target.alive()).isTrue();
        }
    }

    private static void assertWait(JsonNode snapshot, String name, String kind, String description, String line) throws Exception {
        JsonNode task = coroutine(snapshot, name, "launch");
        assertThat(task.get("state").asText()).isEqualTo("suspended");
        assertThat(firstWait(task).get("kind").asText()).as(name).isEqualTo(kind);
        assertThat(firstWait(task).get("description").asText()).as(name).startsWith(description);
        assertThat(ownFrame(task).get("line").asInt()).as(name).isEqualTo(SourceLines.of(SOURCE, line));
    }

    private static String variable(JsonNode task, String name) {
        return Snapshots.variable(ownFrame(task), name);
    }

    /** The innermost frame of the example's own code (kotlinx.coroutines' own state machines may lie below it). */
    private static JsonNode ownFrame(JsonNode task) {
        for (JsonNode frame : task.get("frames")) {
            if (frame.get("function").asText().contains(".waits.WaitsKt")) {
                return frame;
            }
        }
        throw new AssertionError("no frame of Waits.kt in " + task);
    }

    @Test
    void heapDump(@TempDir Path dir) throws Exception {
        try (TargetJvm target = Route.AGENT_17.start("kotlin.waits.WaitsKt")) {
            JsonNode snapshot = HeapDumps.json(HeapDumps.take(Jdk.JDK17, target, dir));
            assertWait(snapshot, "iterator", "channel-receive", "waits for the next element of Channel channel@", "iterator");
            assertWait(snapshot, "shared-reader", "flow", "collects SharedFlow sharedflow@", "sharedCollect");
            assertWait(snapshot, "mono-awaiter", "publisher", "awaits Reactor pipeline r", "monoAwait");
        }
    }
}
