package dev.asyncinspect.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.source.SnapshotFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An answer read while it is written reads as the whole answer, and a missing or short one says so. */
class GrowingAnswerTest {

    @TempDir
    Path directory;

    private static Snapshot snapshot(int tasks) {
        List<Task> list = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            list.add(new Task("f" + i, TaskKind.FUTURE, "thenApply", new TaskState(TaskState.Phase.WAITING, "pending"), null, List.of(), List.of(), List.of(),
                    List.of(), List.of()));
        }
        return new Snapshot(new VmInfo(7, "Main", "17", "vm", "agent"), Instant.EPOCH, list, List.of(), List.of());
    }

    @Test
    void anAnswerWrittenInPiecesIsReadWhole() throws Exception {
        Snapshot written = snapshot(20_000);
        Path whole = directory.resolve("whole.bin");
        SnapshotFile.write(written, whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path answer = directory.resolve("snapshot.bin");
        try (GrowingAnswer growing = new GrowingAnswer(answer)) {
            FutureTask<Snapshot> read = new FutureTask<>(() -> SnapshotFile.read(growing));
            Thread reader = new Thread(read, "answer-reader");
            reader.setDaemon(true);
            reader.start();
            // The reader waits for the file to appear.
            TestTargets.eventually(() -> assertThat(reader.getState() == Thread.State.TIMED_WAITING
                    && Arrays.stream(reader.getStackTrace()).anyMatch(f -> f.getClassName().equals(GrowingAnswer.class.getName())))
                    .as("the reader waits in GrowingAnswer").isTrue());
            try (OutputStream out = Files.newOutputStream(answer, StandardOpenOption.CREATE_NEW)) {
                for (int at = 0; at < bytes.length; at += 50_000) {
                    out.write(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 50_000)));
                    out.flush();
                    Thread.sleep(2);    // a writer slower than its reader, which waits at the end of what is written
                }
            }
            growing.agentReturned();
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(written);
            assertThat(growing.appeared()).isTrue();
        }
    }

    @Test
    void anAgentThatWroteNothingLeavesNoAnswer() throws IOException {
        try (GrowingAnswer growing = new GrowingAnswer(directory.resolve("snapshot.bin"))) {
            growing.agentReturned();
            assertThat(growing.appeared()).isFalse();
            assertThat(growing.read()).isEqualTo(-1);
        }
    }

    @Test
    void anAnswerCutShortIsNotTakenForAWholeOne() throws IOException {
        Path whole = directory.resolve("whole.bin");
        SnapshotFile.write(snapshot(100), whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path answer = directory.resolve("snapshot.bin");
        Files.write(answer, Arrays.copyOf(bytes, bytes.length - 2));
        try (GrowingAnswer growing = new GrowingAnswer(answer)) {
            growing.agentReturned();
            assertThatThrownBy(() -> SnapshotFile.read(growing)).isInstanceOf(IOException.class).hasMessageContaining("cut short");
        }
    }
}
