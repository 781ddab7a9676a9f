package dev.asyncinspect.serve.metrics;

import dev.asyncinspect.analysis.Intervals;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState.Phase;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.serve.live.Look;
import dev.asyncinspect.serve.live.NewEvents;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The served targets as Prometheus metrics, updated from each look (a scrape reads them, it never
 * snapshots): tasks by kind and state, deadlocks, the longest wait by kind, and from the recorder the
 * time suspended per suspension point and blocked per monitor, plus what the snapshots cost.
 */
public final class TargetMetrics {

    /** Distinct suspension points or monitors per target past which the rest are counted as "other". */
    static final int MAX_PLACES = 200;
    private static final double[] WAIT_BOUNDS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge tasks = Gauge.builder().name("async_inspect_tasks")
            .help("Tasks in the latest snapshot by kind and state").labelNames("pid", "kind", "state").register(registry);
    private final Gauge deadlocks = Gauge.builder().name("async_inspect_deadlocks")
            .help("Deadlock cycles in the latest snapshot").labelNames("pid").register(registry);
    private final Gauge longestWait = Gauge.builder().name("async_inspect_longest_wait_seconds")
            .help("The longest time a waiting task of this kind has been waiting, where known").labelNames("pid", "kind")
            .register(registry);
    private final Histogram suspended = Histogram.builder().name("async_inspect_suspended_seconds")
            .help("Recorded time coroutines stayed suspended, per suspension point").labelNames("pid", "function", "location")
            .classicOnly().classicUpperBounds(WAIT_BOUNDS).withoutExemplars().register(registry);
    private final Histogram blocked = Histogram.builder().name("async_inspect_blocked_seconds")
            .help("Recorded time threads waited to enter a monitor, per monitor class").labelNames("pid", "monitor")
            .classicOnly().classicUpperBounds(WAIT_BOUNDS).withoutExemplars().register(registry);
    private final Histogram snapshotSeconds = Histogram.builder().name("async_inspect_snapshot_seconds")
            .help("How long each snapshot of the target took").labelNames("pid")
            .classicOnly().classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).withoutExemplars().register(registry);

    private final Map<Long, Feed> feeds = new HashMap<>();

    /** Takes in one target's new look. */
    public synchronized void update(long pid, Look look) {
        String p = Long.toString(pid);
        tasks.removeIf(labels -> labels.get(0).equals(p));
        longestWait.removeIf(labels -> labels.get(0).equals(p));
        Map<TaskKind, Map<Phase, Integer>> counts = new EnumMap<>(TaskKind.class);
        Map<TaskKind, Double> longest = new EnumMap<>(TaskKind.class);
        for (Task task : look.snapshot().tasks()) {
            counts.computeIfAbsent(task.kind(), k -> new EnumMap<>(Phase.class)).merge(task.state().phase(), 1, Integer::sum);
            if (task.state().is(Phase.WAITING) && task.inState() != null) {
                longest.merge(task.kind(), task.inState().nanos() / 1e9, Math::max);
            }
        }
        counts.forEach((kind, phases) -> phases.forEach((phase, n) ->
                tasks.labelValues(p, kind.label(), phase.name().toLowerCase(Locale.ROOT)).set(n)));
        longest.forEach((kind, seconds) -> longestWait.labelValues(p, kind.label()).set(seconds));
        deadlocks.labelValues(p).set(look.snapshot().deadlocks().size());
        snapshotSeconds.labelValues(p).observe(look.costNanos() / 1e9);
        Feed feed = feeds.computeIfAbsent(pid, k -> new Feed());
        for (TimelineEvent event : feed.events.of(look.recording())) {
            feed.intervals.feed(event).ifPresent(interval -> {
                TimelineEvent began = interval.began();
                double seconds = interval.nanos() / 1e9;
                if (interval.what() == Intervals.What.SUSPENDED) {
                    boolean known = bounded(feed.places, began.function() + "#" + began.location());
                    suspended.labelValues(p, known ? began.function() : "other", known ? String.valueOf(began.location()) : "other")
                            .observe(seconds);
                } else if (interval.what() == Intervals.What.THREAD_WAIT && began.kind() == TimelineEvent.Kind.BLOCKED) {
                    String monitor = String.valueOf(began.detail());
                    blocked.labelValues(p, bounded(feed.monitors, monitor) ? monitor : "other").observe(seconds);
                }
            });
        }
    }

    /** Whether this label value gets its own series: it has one already, or there is still room for it. */
    private static boolean bounded(Set<String> seen, String value) {
        if (seen.contains(value)) {
            return true;
        }
        return seen.size() < MAX_PLACES && seen.add(value);
    }

    /** A target no longer served: its gauges go (its histograms stay, as counters do in Prometheus). */
    public synchronized void ended(long pid) {
        String p = Long.toString(pid);
        tasks.removeIf(labels -> labels.get(0).equals(p));
        longestWait.removeIf(labels -> labels.get(0).equals(p));
        deadlocks.removeIf(labels -> labels.get(0).equals(p));
        feeds.remove(pid);
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    public synchronized void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
    }

    private static final class Feed {
        final NewEvents events = new NewEvents();
        final Intervals intervals = new Intervals();
        final Set<String> places = new HashSet<>();
        final Set<String> monitors = new HashSet<>();
    }
}
