package dev.asyncinspect.hprof;

import static dev.asyncinspect.hprof.Shown.at;
import static dev.asyncinspect.hprof.Shown.firstWait;
import static dev.asyncinspect.hprof.Shown.frame;
import static dev.asyncinspect.hprof.Shown.line;
import static dev.asyncinspect.hprof.Shown.named;
import static dev.asyncinspect.hprof.Shown.variable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Values} on JDK 17 and 25: a thread holding a value of every kind in its frame, read as the live JVM shows it. */
class ValuesDumpTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"values-jdk17", "values-jdk25"})
    void everyKindOfValue(String dump) throws Exception {
        Snapshot snapshot = CommittedDump.snapshot(dump, dir, CommittedDump.javaExamples());
        assertThat(snapshot.vm().mainClass()).isEqualTo("dev.asyncinspect.examples.Values");
        assertThat(snapshot.vm().javaVersion()).startsWith(dump.endsWith("17") ? "17." : "25");
        assertThat(snapshot.gaps()).isEmpty();

        Task values = named(snapshot, "values");
        assertThat(values.kind()).isEqualTo(TaskKind.THREAD);
        assertThat(values.state().label()).isEqualTo("WAITING (parked)");
        Frame hold = frame(values, "examples.Values.hold");
        assertThat(at(hold)).isEqualTo("Values.java:" + line("Values.java", "hold"));
        assertThat(values.focusFrame()).isEqualTo(hold);
        assertThat(firstWait(values).kind().label()).isEqualTo("lock");
        assertThat(firstWait(values).description()).startsWith("waits for CountDownLatch @").endsWith("(count 1)");

        assertThat(variable(hold, "kinds")).isEqualTo("Kinds(bytes=[1, 2, 3] (3), shorts=[-4, 5] (2), chars=['o', 'k'] (2),"
                + " ints=[7, 8, 9] (3), longs=[10000000000] (1), floats=[1.5] (1), doubles=[2.25, -0.5] (2),"
                + " flags=[true, false] (2), text=\"paid\", boxed=42, big=9000000000, letter='x', priority=URGENT)");
        assertThat(variable(hold, "arrays")).isEqualTo("List[[11] (1), [12, 13] (2), \"fourteen\", LOW] (4)");
        assertThat(variable(hold, "payload")).isEqualTo("[21, 22] (2)");
        assertThat(variable(hold, "word")).isEqualTo("['h', 'i'] (2)");
        assertThat(variable(hold, "byName")).isEqualTo("Map[…] (1)");
        // The lambda that called hold captured the same objects: its frame shows them by their names in main.
        assertThat(variable(frame(values, "Values.lambda$main$0"), "kinds")).isEqualTo(variable(hold, "kinds"));
    }
}
