package dev.asyncinspect.hprof;

import static dev.asyncinspect.hprof.Shown.at;
import static dev.asyncinspect.hprof.Shown.fact;
import static dev.asyncinspect.hprof.Shown.firstWait;
import static dev.asyncinspect.hprof.Shown.frame;
import static dev.asyncinspect.hprof.Shown.task;
import static dev.asyncinspect.hprof.Shown.variable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.WaitEdge;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code FutureShapes} on JDK 25: every shape of pending stage names its stage, lambda origin, captures and sources. */
class FutureShapesDumpTest {

    private static final String SOURCE = "FutureShapes.java";
    private static final String MAIN = "dev.asyncinspect.examples.FutureShapes.main";

    @TempDir
    Path dir;

    @Test
    void everyStageShape() throws Exception {
        Snapshot snapshot = CommittedDump.snapshot("future-shapes-jdk25", dir, CommittedDump.javaExamples());
        assertThat(snapshot.vm().javaVersion()).startsWith("25");
        assertThat(snapshot.gaps()).isEmpty();

        Task offer = future(snapshot, "thenCombine(FutureShapes.main)");
        Frame combine = frame(offer, MAIN);
        assertThat(at(combine)).isEqualTo(SOURCE + ":" + Shown.line(SOURCE, "combine"));
        assertThat(combine.note()).isEqualTo("thenCombine stage");
        assertThat(variable(combine, "region")).isEqualTo("\"eu-west\"");
        List<String> sources = targets(offer);
        assertThat(sources).hasSize(2);
        sources.forEach(id -> {
            Task source = task(snapshot, id);
            assertThat(source.name()).isEqualTo("CompletableFuture");
            assertThat(firstWait(source).kind().label()).isEqualTo("completion");
            assertThat(source.waitedBy()).contains(offer.id());
        });
        String user = sources.get(0);
        assertThat(fact(task(snapshot, user), "pending stages")).contains("thenCombine → " + offer.id());

        assertThat(targets(future(snapshot, "allOf"))).containsExactlyInAnyOrderElementsOf(sources);
        assertThat(targets(future(snapshot, "anyOf"))).hasSize(2).contains(user);
        assertThat(targets(future(snapshot, "acceptEither(List.add)"))).hasSize(2).contains(user);

        Task logged = future(snapshot, "thenAccept(FutureShapes.main)");
        Frame accept = frame(logged, MAIN);
        assertThat(at(accept)).isEqualTo(SOURCE + ":" + Shown.line(SOURCE, "accept"));
        assertThat(variable(accept, "region")).isEqualTo("\"eu-west\"");
        assertThat(variable(accept, "audit")).isEqualTo("ArrayList[] (0)");
        assertThat(targets(logged)).containsExactly(offer.id());
        assertThat(fact(logged, "chain")).isEqualTo("stage 2 of 2");
        assertThat(offer.waitedBy()).contains(logged.id());
        Task safe = future(snapshot, "exceptionally(FutureShapes.main)");
        assertThat(at(frame(safe, MAIN))).isEqualTo(SOURCE + ":" + Shown.line(SOURCE, "exceptionally"));
        assertThat(targets(safe)).containsExactly(offer.id());

        Task queued = future(snapshot, "supplyAsync(FutureShapes.main)");
        Frame supplier = frame(queued, MAIN);
        assertThat(at(supplier)).isEqualTo(SOURCE + ":" + Shown.line(SOURCE, "queued"));
        assertThat(variable(supplier, "retries")).isEqualTo("3");
        WaitEdge executor = firstWait(queued);
        assertThat(executor.kind().label()).isEqualTo("executor");
        assertThat(executor.description()).startsWith("supplyAsync task is queued in ThreadPoolExecutor 'single-worker' at 1 of 1");

        // The task ahead of it in the single-thread executor, stuck on a latch.
        Task worker = Shown.named(snapshot, "single-worker");
        assertThat(worker.kind()).isEqualTo(TaskKind.THREAD);
        assertThat(frame(worker, "FutureShapes.awaitQuietly").line()).isPositive();
        assertThat(firstWait(worker).description()).startsWith("waits for CountDownLatch");
        assertThat(snapshot.deadlocks()).isEmpty();
    }

    private static Task future(Snapshot snapshot, String name) {
        List<Task> found = Shown.all(snapshot, TaskKind.FUTURE, name);
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static List<String> targets(Task task) {
        return task.waitingFor().stream().map(WaitEdge::target).toList();
    }
}
