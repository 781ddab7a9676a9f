package dev.asyncinspect.analysis;

import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.TimelineEvent.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often and how long work waited, per place it waited (the slowest first): state machines suspended
 * at a suspension point until resumed, threads parked, blocked, waiting or sleeping until they ran again.
 */
public final class SuspensionStats {

    /** @param kind {@link Kind#SUSPENDED} (at suspension point {@code state}) or a thread's wait ({@link Kind#threadWait}) */
    public record Row(Kind kind, String function, int state, String location, int count, long p50Nanos, long p95Nanos,
                      long p99Nanos, long maxNanos) {}

    public List<Row> of(List<TimelineEvent> events) {
        Intervals intervals = new Intervals();
        Map<String, List<Long>> durations = new LinkedHashMap<>();
        Map<String, TimelineEvent> sample = new HashMap<>();
        for (TimelineEvent event : events) {
            intervals.feed(event).filter(interval -> interval.what() != Intervals.What.RUN).ifPresent(interval -> {
                TimelineEvent began = interval.began();
                String key = began.kind() + "#" + began.function() + "#" + began.state() + "#" + began.location();
                durations.computeIfAbsent(key, k -> new ArrayList<>()).add(interval.nanos());
                sample.putIfAbsent(key, began);
            });
        }
        List<Row> rows = new ArrayList<>();
        durations.forEach((key, times) -> {
            times.sort(Long::compare);
            TimelineEvent at = sample.get(key);
            rows.add(new Row(at.kind(), at.function(), at.state(), at.location(), times.size(), percentile(times, 50),
                    percentile(times, 95), percentile(times, 99), times.get(times.size() - 1)));
        });
        rows.sort(Comparator.comparingLong(Row::p99Nanos).reversed());
        return rows;
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
