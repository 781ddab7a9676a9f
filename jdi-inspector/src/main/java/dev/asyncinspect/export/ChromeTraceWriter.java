package dev.asyncinspect.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Trace Event Format that Perfetto and chrome://tracing open: one track per task, a slice for
 * each run of a state machine (resumed → left) and for each suspension (left → resumed again).
 */
public final class ChromeTraceWriter {

    public void write(Snapshot snapshot, List<TimelineEvent> events, Writer out) {
        long origin = events.isEmpty() ? 0 : events.get(0).nanos();
        Map<String, Integer> tracks = new LinkedHashMap<>();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeStringField("displayTimeUnit", "ms");
            json.writeArrayFieldStart("traceEvents");
            Map<Long, TimelineEvent> open = new HashMap<>();
            for (TimelineEvent event : events) {
                String task = event.taskId() == null ? "unknown" : event.taskId();
                int track = tracks.computeIfAbsent(task, t -> tracks.size() + 1);
                TimelineEvent previous = open.put(event.machine(), event);
                if (previous != null) {
                    boolean running = previous.kind().equals("resumed");
                    String name = running ? event.function().substring(event.function().lastIndexOf('.') + 1)
                            : "suspended at state " + previous.state();
                    slice(json, name, running ? "run" : "suspension", track, previous.nanos() - origin,
                            event.nanos() - previous.nanos(), previous);
                }
            }
            for (Map.Entry<String, Integer> track : tracks.entrySet()) {
                Task task = snapshot.task(track.getKey()).orElse(null);
                json.writeStartObject();
                json.writeStringField("ph", "M");
                json.writeStringField("name", "thread_name");
                json.writeNumberField("pid", 1);
                json.writeNumberField("tid", track.getValue());
                json.writeObjectFieldStart("args");
                json.writeStringField("name", track.getKey() + (task == null ? "" : " " + task.name()));
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void slice(JsonGenerator json, String name, String category, int track, long startNanos,
                              long durationNanos, TimelineEvent from) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("cat", category);
        json.writeStringField("ph", "X");
        json.writeNumberField("pid", 1);
        json.writeNumberField("tid", track);
        json.writeNumberField("ts", startNanos / 1000.0);
        json.writeNumberField("dur", Math.max(1, durationNanos) / 1000.0);
        json.writeObjectFieldStart("args");
        json.writeStringField("function", from.function());
        json.writeNumberField("state", from.state());
        if (from.location() != null) {
            json.writeStringField("location", from.location());
        }
        json.writeEndObject();
        json.writeEndObject();
    }
}
