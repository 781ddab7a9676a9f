package dev.asyncinspect.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.model.WaitEdge;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The JSON dump: every task, in order, formatted as Jackson's default printer formats it (scripts diff these files). */
class JsonSnapshotWriterTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void manyTasksComeOutInOrderAndFormattedAsJacksonWould() throws Exception {
        Snapshot snapshot = snapshot(10_000);
        for (boolean pretty : new boolean[] {true, false}) {
            String written = write(snapshot, pretty);
            JsonNode tree = mapper.readTree(written);
            String reference = pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
                    : mapper.writeValueAsString(tree);
            assertThat(written).isEqualTo(reference + "\n");
            List<String> ids = new ArrayList<>();
            tree.get("tasks").forEach(task -> ids.add(task.get("id").asText()));
            assertThat(ids).isEqualTo(snapshot.tasks().stream().map(Task::id).toList());
        }
    }

    @Test
    void fewTasksAndNone() throws Exception {
        for (int count : new int[] {0, 1, 3}) {
            String written = write(snapshot(count), true);
            JsonNode tree = mapper.readTree(written);
            assertThat(tree.get("tasks")).hasSize(count);
            assertThat(written).isEqualTo(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n");
        }
    }

    private String write(Snapshot snapshot, boolean pretty) {
        StringWriter out = new StringWriter();
        new JsonSnapshotWriter().write(snapshot, out, pretty);
        return out.toString();
    }

    private static Snapshot snapshot(int count) {
        List<Task> tasks = IntStream.range(0, count).mapToObj(JsonSnapshotWriterTest::task).toList();
        return new Snapshot(new VmInfo(42, "Main", "25", "OpenJDK 64-Bit Server VM", "agent"), Instant.ofEpochSecond(1_000_000, 5),
                tasks, List.of(new Deadlock(List.of(
                        new Deadlock.Step("t1", new WaitEdge(WaitEdge.Kind.MONITOR, "t2", new Resource("monitor", "lock@1", "java.lang.Object"),
                                "blocked entering monitor \"lock@1\"")),
                        new Deadlock.Step("t2", new WaitEdge(WaitEdge.Kind.THREAD, "t1", null, "joins t1"))),
                        List.of(Deadlock.Advice.LOCK_ORDER))), List.of("a gap → here"));
    }

    private static Task task(int i) {
        if (i % 3 == 0) {
            return new Task("f" + i, TaskKind.FUTURE, "thenApply(lambda)", new TaskState(TaskState.Phase.WAITING, "pending"), null,
                    List.of(new Frame("Shop.lambda$checkout$2", "Shop.java", 40 + i, List.of(
                            new Variable("slot", "int", new Value.Primitive("int", String.valueOf(i))),
                            new Variable("label", "java.lang.String", new Value.Text("job-\"" + i + "\"\t", false))), "thenApply stage")),
                    List.of(new WaitEdge(WaitEdge.Kind.FUTURE, "f" + (i + 1), new Resource("future", "f" + (i + 1), "java.util.concurrent.CompletableFuture"),
                            "thenApply waits for CompletableFuture f" + (i + 1))),
                    List.of(), List.of("f" + (i - 1)), List.of(new Fact(Fact.Kind.CHAIN, "stage 1 of 2"), new Fact(Fact.Kind.PENDING_STAGES, "thenApply → f9")));
        }
        if (i % 3 == 1) {
            return new Task("c" + i, TaskKind.COROUTINE, "launch#" + i, new TaskState(TaskState.Phase.WAITING, "suspended"), "c0",
                    List.of(new Frame("ManyTasksKt.hold", "ManyTasks.kt", 18, List.of(), "state 1 of 1"),
                            new Frame("ManyTasksKt$main$1$2.invokeSuspend", null, -1, List.of(), null)),
                    List.of(new WaitEdge(WaitEdge.Kind.AWAIT, null, null, "awaits Deferred")), List.of(), List.of(), List.of());
        }
        return new Task("t" + i, TaskKind.THREAD, "worker-" + i, new TaskState(TaskState.Phase.WAITING, "BLOCKED"), null, List.of(), List.of(),
                List.of(new Resource("monitor", "lock@" + i, "java.lang.Object")), List.of(), List.of());
    }
}
