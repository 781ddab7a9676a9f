package dev.asyncinspect.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.TimeInState;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.model.WaitEdge;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's answer reads back as the snapshot that was written, whatever its size. */
class SnapshotFileTest {

    @TempDir
    Path directory;

    private static Snapshot read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return SnapshotFile.read(in);
        }
    }

    @Test
    void theAnswerIsPrivateToItsOwner() throws IOException {
        Path file = directory.resolve("snapshot.bin");
        SnapshotFile.write(new Snapshot(new VmInfo(1, null, null, null, "agent"), Instant.EPOCH, List.of(), List.of(),
                List.of()), file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void everyPartOfTheModelRoundTrips() throws IOException {
        Value nested = new Value.Composite("dev.shop.Cart", List.of(
                new Value.NamedValue("items", new Value.Sequence("java.util.ArrayList", 7,
                        List.of(new Value.Text("apple", false), new Value.Null()))),
                new Value.NamedValue("state", new Value.EnumConstant("dev.shop.State", "OPEN")),
                new Value.NamedValue("owner", new Value.Reference("dev.shop.User", "@1f")),
                new Value.NamedValue("count", new Value.Primitive("int", "3"))));
        Task task = new Task("c42", TaskKind.COROUTINE, "checkout", new TaskState(TaskState.Phase.WAITING, "suspended"), "c1",
                List.of(new Frame("dev.shop.Checkout.pay", "Checkout.kt", 17, List.of(new Variable("cart", "dev.shop.Cart", nested)),
                        "state 1 of 2"), new Frame("dev.shop.Main.main", null, -1, List.of(), null)),
                List.of(new WaitEdge(WaitEdge.Kind.AWAIT, "f7", new Resource("future", "f7", "java.util.concurrent.CompletableFuture"), "awaits f7")),
                List.of(new Resource("mutex", "mutex@9", "kotlinx.coroutines.sync.MutexImpl")), List.of("t1", "c43"),
                List.of(new Fact(Fact.Kind.BUILDER, "launch")));
        Snapshot written = new Snapshot(new VmInfo(1234, "dev.shop.Main", "17.0.15", "OpenJDK 64-Bit Server VM", "agent"),
                Instant.parse("2026-11-26T01:02:03.456789Z"), List.of(task, task),
                List.of(new Deadlock(List.of(new Deadlock.Step("c42", task.waitingFor().get(0)),
                        new Deadlock.Step("f7", new WaitEdge(WaitEdge.Kind.THREAD, "c42", null, "runs on c42"))),
                        List.of(Deadlock.Advice.NO_MUTUAL_AWAIT))),
                List.of("1 thread ended while the snapshot was taken"));

        Path file = directory.resolve("snapshot.bin");
        SnapshotFile.write(written, file);

        assertThat(read(file)).isEqualTo(written);
    }

    @Test
    void manyDistinctAndRepeatedStringsAndOneLongerThanTheBuffer() throws IOException {
        char[] wide = new char[200_000];
        Arrays.fill(wide, 'é');     // two bytes each in UTF-8
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            // Equal texts built apart are different objects: numbered once all the same.
            tasks.add(new Task("f" + i, TaskKind.FUTURE, "thenApply(" + (i % 7) + ")", new TaskState(TaskState.Phase.WAITING, "pending"), null, List.of(),
                    List.of(), List.of(), List.of(), List.of(new Fact(Fact.Kind.CHAIN, "stage " + (i % 3 + 1) + " of 3"))));
        }
        tasks.add(new Task("t1", TaskKind.THREAD, new String(wide), new TaskState(TaskState.Phase.RUNNING, "RUNNABLE"), null, List.of(), List.of(), List.of(),
                List.of(), List.of()));
        Snapshot written = new Snapshot(new VmInfo(1, null, null, null, "agent"), Instant.EPOCH, tasks, List.of(), List.of());

        Path file = directory.resolve("snapshot.bin");
        SnapshotFile.write(written, file);

        assertThat(read(file)).isEqualTo(written);
    }

    @Test
    void aCutShortAnswerSaysSo() throws IOException {
        Task task = new Task("t1", TaskKind.THREAD, "main", new TaskState(TaskState.Phase.RUNNING, "RUNNABLE"), null, List.of(), List.of(), List.of(), List.of(), List.of());
        Path file = directory.resolve("snapshot.bin");
        SnapshotFile.write(new Snapshot(new VmInfo(1, "Main", "17", "vm", "agent"), Instant.EPOCH, List.of(task, task),
                List.of(), List.of()), file);
        byte[] whole = Files.readAllBytes(file);
        for (int length : new int[] {2, 20, whole.length - 3}) {
            Files.write(file, Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> read(file)).isInstanceOf(IOException.class).hasMessageContaining("cut short");
        }
    }

    @Test
    void somethingElseIsNotTakenForASnapshot() throws IOException {
        Path file = directory.resolve("snapshot.bin");
        Files.writeString(file, "not a snapshot at all");
        assertThatThrownBy(() -> read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a snapshot of this build");
    }

    @Test
    void aRecordingReadsBackWithItsTimesAndTheTasksTimes() throws IOException {
        Recording recording = new Recording(5, 0, 100, 3, List.of(
                new TimelineEvent(10, "c1", TimelineEvent.Kind.SUSPENDED, "A.f", 2, "A.kt:4", 9, null),
                new TimelineEvent(12, "t1", TimelineEvent.Kind.PARKED, null, 0, null, 0, "java.lang.Object")),
                List.of(new Recording.ThreadSince("t1", TaskState.Phase.WAITING, 7, true)), List.of("a gap"));
        Path file = directory.resolve("recording.bin");
        SnapshotFile.write(recording, file);
        try (InputStream in = Files.newInputStream(file)) {
            assertThat(SnapshotFile.readRecording(in)).isEqualTo(recording);
        }
        Task timed = new Task("c1", TaskKind.COROUTINE, "c", new TaskState(TaskState.Phase.WAITING, "suspended"), null, List.of(),
                List.of(), List.of(), List.of(), List.of(), new TimeInState(1234, false));
        Snapshot snapshot = new Snapshot(new VmInfo(1, "M", "17", "vm", "agent"), Instant.EPOCH, List.of(timed), List.of(), List.of());
        SnapshotFile.write(snapshot, directory.resolve("timed.bin"));
        assertThat(read(directory.resolve("timed.bin")).tasks().get(0).inState()).isEqualTo(new TimeInState(1234, false));
        try (InputStream in = Files.newInputStream(directory.resolve("timed.bin"))) {
            assertThatThrownBy(() -> SnapshotFile.readRecording(in)).hasMessageContaining("not a recording");
        }
    }
}
