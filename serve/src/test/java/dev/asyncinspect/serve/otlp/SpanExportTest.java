package dev.asyncinspect.serve.otlp;

import static dev.asyncinspect.serve.Fixtures.event;
import static dev.asyncinspect.serve.Fixtures.look;
import static dev.asyncinspect.serve.Fixtures.recording;
import static dev.asyncinspect.serve.Fixtures.suspension;
import static dev.asyncinspect.serve.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState.Phase;
import dev.asyncinspect.model.TimelineEvent.Kind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded runs, suspensions and future completions as spans, each sent once, a coroutine's under its root. */
class SpanExportTest {

    /** Keeps what it got past the export's shutdown, which an in-memory exporter forgets. */
    private static final class Kept implements SpanExporter {
        final InMemorySpanExporter spans = InMemorySpanExporter.create();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            return spans.export(batch);
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private static SpanData named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + name + "' among " + spans.stream().map(SpanData::getName).toList()));
    }

    @Test
    void aCoroutineIsATraceOfRunsAndSuspensionsEndedWhenItIsGone() {
        Kept exporter = new Kept();
        SpanExport export = new SpanExport(exporter, 7, "orders");
        Recording recording = recording(1, suspension(10, "c1", Kind.RESUMED, 0, 5), suspension(12, "c1", Kind.SUSPENDED, 1, 5),
                suspension(52, "c1", Kind.RESUMED, 1, 5), suspension(53, "c1", Kind.SUSPENDED, 2, 5));
        export.update(look(1, 10, recording, task("c1", TaskKind.COROUTINE, Phase.WAITING, null)));
        export.update(look(2, 10, recording, task("c1", TaskKind.COROUTINE, Phase.WAITING, null)));
        export.update(look(3, 10, recording));
        export.close();

        List<SpanData> spans = exporter.spans.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).as("each interval once")
                .containsExactlyInAnyOrder("run Orders.fetch", "suspended at Orders.kt:21", "run Orders.fetch", "coroutine c1");
        SpanData root = named(spans, "coroutine c1");
        SpanData suspended = named(spans, "suspended at Orders.kt:21");
        assertThat(suspended.getTraceId()).isEqualTo(root.getTraceId());
        assertThat(suspended.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(suspended.getEndEpochNanos() - suspended.getStartEpochNanos()).isEqualTo(40_000_000L);
        assertThat(suspended.getAttributes().get(AttributeKey.stringKey("code.file.path"))).isEqualTo("Orders.kt");
        assertThat(suspended.getAttributes().get(AttributeKey.longKey("code.line.number"))).isEqualTo(21L);
        assertThat(root.getResource().getAttribute(AttributeKey.longKey("process.pid"))).isEqualTo(7L);
        assertThat(root.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("orders");
    }

    @Test
    void aFutureSpansFromWhenItWasSeenPendingAndAFailureIsAnError() {
        Kept exporter = new Kept();
        SpanExport export = new SpanExport(exporter, 7, "orders");
        export.update(look(1, 10, recording(1), task("f4", TaskKind.FUTURE, Phase.WAITING, null)));
        export.update(look(2, 10, recording(1, event(System.nanoTime() / 1_000_000 + 5, "f4", Kind.FUTURE_COMPLETED, "Stock.java:17",
                "exceptionally"))));
        export.close();

        SpanData future = named(exporter.spans.getFinishedSpanItems(), "future f4 completed");
        assertThat(future.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(future.getAttributes().get(AttributeKey.stringKey("async_inspect.future.outcome"))).isEqualTo("exceptionally");
        assertThat(future.getEndEpochNanos()).isGreaterThan(future.getStartEpochNanos());
    }

    @Test
    void aBaseUrlGetsTheTracesPathAndOnlyHttpIsTaken() {
        assertThat(SpanExport.tracesUrl("http://127.0.0.1:4318")).isEqualTo("http://127.0.0.1:4318/v1/traces");
        assertThat(SpanExport.tracesUrl("http://127.0.0.1:4318/")).isEqualTo("http://127.0.0.1:4318/v1/traces");
        assertThat(SpanExport.tracesUrl("https://collector:443/otlp/v1/traces")).isEqualTo("https://collector:443/otlp/v1/traces");
        assertThatThrownBy(() -> SpanExport.tracesUrl("collector:4318")).hasMessageContaining("http://");
        assertThatThrownBy(() -> SpanExport.tracesUrl("ftp://collector")).hasMessageContaining("http://");
    }
}
