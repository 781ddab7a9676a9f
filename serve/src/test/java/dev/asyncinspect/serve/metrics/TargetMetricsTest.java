package dev.asyncinspect.serve.metrics;

import static dev.asyncinspect.serve.Fixtures.event;
import static dev.asyncinspect.serve.Fixtures.look;
import static dev.asyncinspect.serve.Fixtures.recording;
import static dev.asyncinspect.serve.Fixtures.suspension;
import static dev.asyncinspect.serve.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState.Phase;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.TimelineEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus text a scrape gets, from looks alone. */
class TargetMetricsTest {

    private static String scrape(TargetMetrics metrics) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void gaugesFollowTheLatestLookAndHistogramsCountEachIntervalOnce() throws IOException {
        TargetMetrics metrics = new TargetMetrics();
        Recording recording = recording(1, suspension(10, "c1", Kind.SUSPENDED, 1, 5), suspension(260, "c1", Kind.RESUMED, 1, 5),
                event(300, "t3", Kind.BLOCKED, "Stats.java:9", "java.lang.Object"), event(320, "t3", Kind.UNBLOCKED, null, null));
        metrics.update(7, look(1, 150, recording, task("c1", TaskKind.COROUTINE, Phase.WAITING, 4_000L),
                task("c2", TaskKind.COROUTINE, Phase.WAITING, 9_000L), task("t3", TaskKind.THREAD, Phase.RUNNING, null)));
        metrics.update(7, look(2, 150, recording, task("c1", TaskKind.COROUTINE, Phase.WAITING, 5_000L)));

        String text = scrape(metrics);
        assertThat(text).contains("async_inspect_tasks{kind=\"coroutine\",pid=\"7\",state=\"waiting\"} 1.0",
                        "async_inspect_longest_wait_seconds{kind=\"coroutine\",pid=\"7\"} 5.0",
                        "async_inspect_deadlocks{pid=\"7\"} 0.0",
                        "async_inspect_suspended_seconds_count{function=\"app.Orders.fetch\",location=\"Orders.kt:21\",pid=\"7\"} 1",
                        "async_inspect_suspended_seconds_sum{function=\"app.Orders.fetch\",location=\"Orders.kt:21\",pid=\"7\"} 0.25",
                        "async_inspect_blocked_seconds_count{monitor=\"java.lang.Object\",pid=\"7\"} 1",
                        "async_inspect_snapshot_seconds_count{pid=\"7\"} 2")
                .as("a state no task is in any more").doesNotContain("state=\"running\"");
        metrics.ended(7);
        assertThat(scrape(metrics)).doesNotContain("async_inspect_tasks{").contains("async_inspect_snapshot_seconds_count{pid=\"7\"} 2");
    }

    @Test
    void suspensionPointsPastTheBoundShareOneSeries() throws IOException {
        TargetMetrics metrics = new TargetMetrics();
        List<TimelineEvent> events = new ArrayList<>();
        for (int point = 0; point < TargetMetrics.MAX_PLACES + 50; point++) {
            events.add(suspension(10 + 2L * point, "c1", Kind.SUSPENDED, point + 1, 5));
            events.add(suspension(11 + 2L * point, "c1", Kind.RESUMED, point + 1, 5));
        }
        metrics.update(7, look(1, 10, new Recording(1, 0, 1000, 0, events, List.of(), List.of())));

        String text = scrape(metrics);
        assertThat(text.lines().filter(l -> l.startsWith("async_inspect_suspended_seconds_count"))).hasSize(TargetMetrics.MAX_PLACES + 1);
        assertThat(text).contains("async_inspect_suspended_seconds_count{function=\"other\",location=\"other\",pid=\"7\"} 50");
    }
}
