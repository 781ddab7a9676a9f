package dev.asyncinspect.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.TaskState.Phase;
import dev.asyncinspect.model.TimeInState;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.TimelineEvent.Kind;
import dev.asyncinspect.model.VmInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Times in state only where a recording can tell, exact or a lower bound, and never a guess. */
class TimesInStateTest {

    private static final long MS = 1_000_000;

    private static Task task(String id, TaskKind kind, Phase phase) {
        return new Task(id, kind, id, new TaskState(phase, phase.name().toLowerCase()), null, List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    private static TimelineEvent event(long ms, String task, Kind kind) {
        return new TimelineEvent(ms * MS, task, kind, "f", 1, null, 7, null);
    }

    private static TimeInState timeOf(Snapshot snapshot, String id) {
        return snapshot.task(id).orElseThrow().inState();
    }

    private static Snapshot snapshot(Task... tasks) {
        return new Snapshot(new VmInfo(1, "Main", "17", "vm", "agent"), Instant.EPOCH, List.of(tasks), List.of(), List.of());
    }

    @Test
    void coroutinesFromTheirLastEventOrSinceTheStart() {
        Snapshot snapshot = snapshot(task("c1", TaskKind.COROUTINE, Phase.WAITING), task("c2", TaskKind.COROUTINE, Phase.WAITING),
                task("c3", TaskKind.COROUTINE, Phase.RUNNING), task("c4", TaskKind.COROUTINE, Phase.WAITING),
                task("f5", TaskKind.FUTURE, Phase.WAITING));
        Recording recording = new Recording(100 * MS, 0, 10, 0, List.of(event(200, "c1", Kind.RESUMED),
                event(300, "c1", Kind.SUSPENDED), event(400, "c3", Kind.RESUMED), event(450, "c4", Kind.RESUMED)),
                List.of(), List.of());

        Snapshot timed = TimesInState.of(snapshot, recording, 1000 * MS);

        assertThat(timeOf(timed, "c1")).isEqualTo(new TimeInState(700 * MS, true));
        assertThat(timeOf(timed, "c2")).as("never moved while recorded").isEqualTo(new TimeInState(900 * MS, false));
        assertThat(timeOf(timed, "c3")).isEqualTo(new TimeInState(600 * MS, true));
        assertThat(timeOf(timed, "c4")).as("resumed, yet suspended: a suspension went unseen").isNull();
        assertThat(timeOf(timed, "f5")).as("a future's creation is not recorded").isNull();
    }

    @Test
    void aFullRingBoundsFromItsOldestEvent() {
        Recording recording = new Recording(100 * MS, 0, 2, 5, List.of(event(800, "c9", Kind.RESUMED),
                event(850, "c9", Kind.SUSPENDED)), List.of(), List.of());
        Snapshot timed = TimesInState.of(snapshot(task("c2", TaskKind.COROUTINE, Phase.WAITING)), recording, 1000 * MS);
        assertThat(timeOf(timed, "c2")).isEqualTo(new TimeInState(200 * MS, false));
    }

    @Test
    void threadsFromTheRecordersLookWhenTheirStateAgrees() {
        Recording recording = new Recording(100 * MS, 0, 10, 0, List.of(),
                List.of(new Recording.ThreadSince("t1", Phase.WAITING, 300 * MS, false),
                        new Recording.ThreadSince("t2", Phase.RUNNING, 300 * MS, false)), List.of());
        Snapshot timed = TimesInState.of(snapshot(task("t1", TaskKind.THREAD, Phase.WAITING),
                task("t2", TaskKind.THREAD, Phase.WAITING)), recording, 1000 * MS);
        assertThat(timeOf(timed, "t1")).isEqualTo(new TimeInState(700 * MS, false));
        assertThat(timeOf(timed, "t2")).isNull();
    }

    @Test
    void nothingAfterTheRecordingEndedOrWithoutOne() {
        Snapshot snapshot = snapshot(task("c1", TaskKind.COROUTINE, Phase.WAITING));
        assertThat(timeOf(TimesInState.of(snapshot, Recording.NONE, 1000 * MS), "c1")).isNull();
        Recording ended = new Recording(100 * MS, 500 * MS, 10, 0, List.of(), List.of(), List.of());
        assertThat(timeOf(TimesInState.of(snapshot, ended, 1000 * MS), "c1")).isNull();
    }

    @Test
    void stepsCountEachSuspensionPointAndTheOneWaitedAtNow() {
        List<TimelineEvent> events = List.of(
                new TimelineEvent(0, "c1", Kind.SUSPENDED, "A.f", 1, "A.kt:3", 7, null),
                new TimelineEvent(40 * MS, "c1", Kind.RESUMED, "A.f", 1, "A.kt:3", 7, null),
                new TimelineEvent(41 * MS, "c1", Kind.SUSPENDED, "A.f", 2, "A.kt:5", 7, null),
                new TimelineEvent(42 * MS, "c2", Kind.RESUMED, "B.g", 1, null, 8, null));
        SuspensionSteps.Steps steps = SuspensionSteps.of("c1", events);
        assertThat(steps.resumes()).isEqualTo(1);
        assertThat(steps.steps()).containsExactly(new SuspensionSteps.Step("A.f", 1, "A.kt:3", 1, 40 * MS, -1),
                new SuspensionSteps.Step("A.f", 2, "A.kt:5", 0, 0, 41 * MS));
    }
}
