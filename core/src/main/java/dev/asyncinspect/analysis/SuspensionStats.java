package dev.asyncinspect.analysis;

import dev.asyncinspect.model.TimelineEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per suspension point, how often and how long state machines stayed suspended there (the slowest first). */
public final class SuspensionStats {

    public record Row(String function, int state, String location, int count, long p50Nanos, long p95Nanos,
                      long p99Nanos, long maxNanos) {}

    public List<Row> of(List<TimelineEvent> events) {
        Map<Long, TimelineEvent> suspendedAt = new HashMap<>();
        Map<String, List<Long>> durations = new LinkedHashMap<>();
        Map<String, TimelineEvent> sample = new HashMap<>();
        for (TimelineEvent event : events) {
            if (event.kind().equals("left")) {
                suspendedAt.put(event.machine(), event);
            } else {
                TimelineEvent left = suspendedAt.remove(event.machine());
                if (left != null && left.state() == event.state()) {
                    String key = event.function() + "#" + event.state();
                    durations.computeIfAbsent(key, k -> new ArrayList<>()).add(event.nanos() - left.nanos());
                    sample.putIfAbsent(key, event);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        durations.forEach((key, times) -> {
            times.sort(Long::compare);
            TimelineEvent at = sample.get(key);
            rows.add(new Row(at.function(), at.state(), at.location(), times.size(), percentile(times, 50),
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
