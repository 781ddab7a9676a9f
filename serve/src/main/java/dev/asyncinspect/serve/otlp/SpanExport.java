package dev.asyncinspect.serve.otlp;

import dev.asyncinspect.analysis.Intervals;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState.Phase;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.serve.live.Look;
import dev.asyncinspect.serve.live.NewEvents;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A served target's recorded async work as OpenTelemetry spans over OTLP/HTTP: each coroutine a trace
 * whose root spans its life as far as it was seen, with a child span per run (resumed until it suspended
 * or completed) and per suspension (at file:line until resumed); each completed future a span from when
 * it was first seen pending. Spans leave as their intervals close, batched by the SDK.
 */
public final class SpanExport implements AutoCloseable {

    /**
     * The SDK's own logger, quieted: it writes a stack trace per failed export, where this tool says
     * one line through its {@link ReportingExporter}. Held here, as java.util.logging keeps loggers weakly.
     */
    private static final Logger SDK_LOG = Logger.getLogger("io.opentelemetry");

    static {
        SDK_LOG.setLevel(Level.OFF);
    }

    /** Coroutines with an open root span at most; past it the oldest root is ended early. */
    static final int MAX_OPEN_TASKS = 10_000;
    private static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("async_inspect.task.id");
    private static final AttributeKey<String> TASK_KIND = AttributeKey.stringKey("async_inspect.task.kind");
    private static final AttributeKey<Long> STATE = AttributeKey.longKey("async_inspect.state");
    private static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("code.function.name");
    private static final AttributeKey<String> FILE = AttributeKey.stringKey("code.file.path");
    private static final AttributeKey<Long> LINE = AttributeKey.longKey("code.line.number");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("async_inspect.future.outcome");

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final NewEvents newEvents = new NewEvents();
    private final Intervals intervals = new Intervals();
    private final Map<String, Span> roots = new LinkedHashMap<>();
    private final Map<String, Long> pendingSince = new HashMap<>();
    /** Monotonic nanos (the recording's clock) to epoch nanos (the spans'). */
    private final long epochOffset;

    /**
     * @param endpoint an OTLP/HTTP endpoint: the collector's base URL ({@code http://host:4318}, which gets
     *                 {@code /v1/traces}) or the full traces URL
     * @param warn     told, one line each, when an export fails and when it works again
     */
    public SpanExport(String endpoint, long pid, String serviceName, Consumer<String> warn) {
        this(new ReportingExporter(OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl(endpoint)).setTimeout(Duration.ofSeconds(10)).build(),
                endpoint, warn), pid, serviceName);
    }

    SpanExport(SpanExporter exporter, long pid, String serviceName) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), serviceName,
                AttributeKey.longKey("process.pid"), pid,
                AttributeKey.stringKey("telemetry.distro.name"), "async-inspect")));
        provider = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofSeconds(1)).build())
                .build();
        tracer = provider.get("dev.asyncinspect");
        epochOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    }

    /** The traces URL for what a user gives: a base URL gets OTLP's standard path. */
    public static String tracesUrl(String endpoint) {
        URI uri = URI.create(endpoint);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("--otlp wants an http:// or https:// URL, not '" + endpoint + "'");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        return path.isEmpty() || path.equals("/") ? endpoint.replaceAll("/$", "") + "/v1/traces" : endpoint;
    }

    /** Exports what the recording saw since the last look, and ends the spans of coroutines gone from the snapshot. */
    public synchronized void update(Look look) {
        Set<String> present = new HashSet<>();
        for (Task task : look.snapshot().tasks()) {
            present.add(task.id());
            if (task.kind() == TaskKind.FUTURE && task.state().is(Phase.WAITING) && pendingSince.size() < MAX_OPEN_TASKS) {
                pendingSince.putIfAbsent(task.id(), System.nanoTime());
            }
        }
        for (TimelineEvent event : newEvents.of(look.recording())) {
            if (event.kind() == TimelineEvent.Kind.FUTURE_COMPLETED) {
                future(event);
                continue;
            }
            if (event.taskId() != null && (event.kind() == TimelineEvent.Kind.CREATED
                    || event.kind() == TimelineEvent.Kind.RESUMED)) {
                root(event.taskId(), event.nanos());
            }
            intervals.feed(event).filter(i -> i.what() != Intervals.What.THREAD_WAIT).ifPresent(this::interval);
        }
        roots.entrySet().removeIf(root -> {
            if (present.contains(root.getKey())) {
                return false;
            }
            root.getValue().end();
            return true;
        });
        pendingSince.keySet().retainAll(present);
    }

    private Span root(String taskId, long nanos) {
        Span root = roots.get(taskId);
        if (root == null) {
            if (roots.size() >= MAX_OPEN_TASKS) {
                var oldest = roots.entrySet().iterator().next();
                oldest.getValue().end();
                roots.remove(oldest.getKey());
            }
            root = tracer.spanBuilder("coroutine " + taskId).setNoParent().setAttribute(TASK_ID, taskId)
                    .setAttribute(TASK_KIND, TaskKind.COROUTINE.label()).setStartTimestamp(epoch(nanos), TimeUnit.NANOSECONDS).startSpan();
            roots.put(taskId, root);
        }
        return root;
    }

    private void interval(Intervals.Interval interval) {
        TimelineEvent began = interval.began();
        if (began.taskId() == null) {
            return;
        }
        String name = switch (interval.what()) {
            case RUN -> "run " + shortName(began.function());
            case SUSPENDED -> "suspended at " + (began.location() == null ? shortName(began.function()) : began.location());
            case THREAD_WAIT -> throw new IllegalStateException("thread waits are not exported");
        };
        SpanBuilder span = tracer.spanBuilder(name).setParent(Context.root().with(root(began.taskId(), began.nanos())))
                .setStartTimestamp(epoch(began.nanos()), TimeUnit.NANOSECONDS)
                .setAttribute(TASK_ID, began.taskId()).setAttribute(STATE, (long) began.state());
        code(span, began);
        span.startSpan().end(epoch(interval.endNanos()), TimeUnit.NANOSECONDS);
    }

    private void future(TimelineEvent event) {
        long start = event.taskId() == null ? event.nanos() : Math.min(event.nanos(), pendingSince.getOrDefault(event.taskId(), event.nanos()));
        SpanBuilder span = tracer.spanBuilder("future " + (event.taskId() == null ? "" : event.taskId() + " ") + "completed")
                .setNoParent().setStartTimestamp(epoch(start), TimeUnit.NANOSECONDS)
                .setAttribute(TASK_KIND, TaskKind.FUTURE.label());
        if (event.taskId() != null) {
            span.setAttribute(TASK_ID, event.taskId());
        }
        if (event.detail() != null) {
            span.setAttribute(OUTCOME, event.detail());
        }
        code(span, event);
        Span started = span.startSpan();
        if ("exceptionally".equals(event.detail())) {
            started.setStatus(StatusCode.ERROR);
        }
        started.end(epoch(event.nanos()), TimeUnit.NANOSECONDS);
    }

    private static void code(SpanBuilder span, TimelineEvent event) {
        if (event.function() != null) {
            span.setAttribute(FUNCTION, event.function());
        }
        String location = event.location();
        if (location != null) {
            int colon = location.lastIndexOf(':');
            if (colon > 0) {
                span.setAttribute(FILE, location.substring(0, colon));
                try {
                    span.setAttribute(LINE, Long.parseLong(location.substring(colon + 1)));
                } catch (NumberFormatException notALine) {
                    // A location without a line is still a file.
                }
            } else {
                span.setAttribute(FILE, location);
            }
        }
    }

    private static String shortName(String function) {
        if (function == null) {
            return "?";
        }
        int method = function.lastIndexOf('.');
        int type = method <= 0 ? -1 : function.lastIndexOf('.', method - 1);
        return function.substring(type + 1);
    }

    private long epoch(long monotonicNanos) {
        return monotonicNanos + epochOffset;
    }

    /** Ends every open span and sends what is left, waiting a few seconds at most. */
    @Override
    public synchronized void close() {
        roots.values().forEach(Span::end);
        roots.clear();
        provider.forceFlush().join(5, TimeUnit.SECONDS);
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
