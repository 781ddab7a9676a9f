package dev.asyncinspect.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TimelineEvent.Kind;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.text.ValueText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Trace Event Format that Perfetto and chrome://tracing open: one track per task. A coroutine's
 * track alternates runs (a slice per state machine run, nested as the calls nest) and suspensions
 * (named after the innermost suspension point); a thread's shows the time blocked on monitors; a
 * future's, an instant where it completed.
 */
public final class ChromeTraceWriter {

    public void write(Snapshot snapshot, List<TimelineEvent> events, java.io.PrintWriter out) {
        long origin = events.isEmpty() ? 0 : events.get(0).nanos();
        Map<String, Integer> tracks = new LinkedHashMap<>();
        Map<String, Deque<TimelineEvent>> running = new HashMap<>();   // per task: state machines entered, innermost last
        Map<String, TimelineEvent> waiting = new HashMap<>();           // per task: the suspension or block it waits in
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeStringField("displayTimeUnit", "ms");
            json.writeArrayFieldStart("traceEvents");
            for (TimelineEvent event : events) {
                String task = event.taskId() == null ? "unknown" : event.taskId();
                int track = tracks.computeIfAbsent(task, t -> tracks.size() + 1);
                Deque<TimelineEvent> stack = running.computeIfAbsent(task, t -> new ArrayDeque<>());
                switch (event.kind()) {
                    case RESUMED -> {
                        TimelineEvent wait = waiting.remove(task);
                        if (wait != null) {
                            slice(json, "suspended at " + simple(wait.function()) + " state " + wait.state(), "suspension",
                                    track, wait, event.nanos(), origin);
                        }
                        stack.addLast(event);
                    }
                    case COMPLETED -> {
                        if (!stack.isEmpty() && stack.peekLast().function().equals(event.function())) {
                            slice(json, simple(event.function()), "run", track, stack.removeLast(), event.nanos(), origin);
                        }
                    }
                    case SUSPENDED -> {
                        // The innermost suspension suspends the whole coroutine: every state machine it ran stops here.
                        while (!stack.isEmpty()) {
                            TimelineEvent ran = stack.removeLast();
                            slice(json, simple(ran.function()), "run", track, ran, event.nanos(), origin);
                        }
                        waiting.put(task, event);
                    }
                    case BLOCKED, PARKED, WAITED, SLEPT, PINNED -> waiting.put(task, event);
                    case UNBLOCKED -> {
                        TimelineEvent wait = waiting.remove(task);
                        if (wait != null && wait.kind().threadWait()) {
                            slice(json, wait.kind().label() + (wait.detail() == null ? "" : " on " + ValueText.simple(wait.detail())),
                                    "blocked", track, wait, event.nanos(), origin);
                        }
                    }
                    case CREATED -> instant(json, "created", track, event, origin);
                    case FUTURE_COMPLETED -> instant(json, "completed " + event.detail(), track, event, origin);
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

    private static String simple(String function) {
        return function == null ? "?" : function.substring(function.lastIndexOf('.') + 1);
    }

    private static void slice(JsonGenerator json, String name, String category, int track, TimelineEvent from, long endNanos,
                              long origin) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("cat", category);
        json.writeStringField("ph", "X");
        json.writeNumberField("pid", 1);
        json.writeNumberField("tid", track);
        json.writeNumberField("ts", (from.nanos() - origin) / 1000.0);
        json.writeNumberField("dur", Math.max(1, endNanos - from.nanos()) / 1000.0);
        args(json, from);
        json.writeEndObject();
    }

    /** A thread-scoped instant ({@code "s": "t"}): a tick on the track. */
    private static void instant(JsonGenerator json, String name, int track, TimelineEvent at, long origin) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("cat", "future");
        json.writeStringField("ph", "i");
        json.writeStringField("s", "t");
        json.writeNumberField("pid", 1);
        json.writeNumberField("tid", track);
        json.writeNumberField("ts", (at.nanos() - origin) / 1000.0);
        args(json, at);
        json.writeEndObject();
    }

    private static void args(JsonGenerator json, TimelineEvent event) throws IOException {
        json.writeObjectFieldStart("args");
        if (event.function() != null) {
            json.writeStringField("function", event.function());
        }
        json.writeNumberField("state", event.state());
        if (event.location() != null) {
            json.writeStringField("location", event.location());
        }
        json.writeEndObject();
    }
}
