package dev.asyncinspect.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.WaitEdge;
import dev.asyncinspect.text.ValueText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The {@code async-inspect/1} JSON snapshot. Streams, so a dump of 200,000 tasks never sits in
 * memory twice. Field names are a contract: extend, never rename.
 */
public final class JsonSnapshotWriter {

    public static final String FORMAT = "async-inspect/1";

    private final JsonFactory factory = new JsonFactory();

    public void write(Snapshot snapshot, Writer out, boolean pretty) {
        write(snapshot, List.of(), out, pretty);
    }

    /** The snapshot plus recorded {@code events} (state transitions), when a recording was made. */
    public void write(Snapshot snapshot, List<TimelineEvent> events, Writer out, boolean pretty) {
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (pretty) {
                json.useDefaultPrettyPrinter();
            }
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeStringField("takenAt", snapshot.takenAt().toString());
            // A variable's value is its one-line text, cut past this many characters ("… N more" says what was left).
            json.writeNumberField("valueMaxChars", ValueText.MAX_LENGTH);
            json.writeObjectFieldStart("vm");
            json.writeNumberField("pid", snapshot.vm().pid());
            json.writeStringField("mainClass", snapshot.vm().mainClass());
            json.writeStringField("javaVersion", snapshot.vm().javaVersion());
            json.writeStringField("vmName", snapshot.vm().vmName());
            json.writeStringField("source", snapshot.vm().source());
            json.writeEndObject();
            json.writeArrayFieldStart("tasks");
            for (Task task : snapshot.tasks()) {
                task(json, task);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("deadlocks");
            for (Deadlock deadlock : snapshot.deadlocks()) {
                json.writeStartObject();
                strings(json, "tasks", deadlock.taskIds());
                strings(json, "resources", deadlock.resources());
                json.writeStringField("description", DeadlockText.describe(deadlock, snapshot));
                json.writeEndObject();
            }
            json.writeEndArray();
            strings(json, "gaps", snapshot.gaps());
            if (!events.isEmpty()) {
                json.writeArrayFieldStart("events");
                for (TimelineEvent event : events) {
                    json.writeStartObject();
                    json.writeNumberField("nanos", event.nanos());
                    json.writeStringField("task", event.taskId());
                    json.writeStringField("kind", event.kind().toString());
                    json.writeStringField("function", event.function());
                    json.writeNumberField("state", event.state());
                    json.writeStringField("location", event.location());
                    if (event.detail() != null) {
                        json.writeStringField("detail", event.detail());
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One task as the snapshot writes it: what an API that serves a single task answers. */
    public void write(Task task, Writer out) {
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            task(json, task);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void task(JsonGenerator json, Task task) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", task.id());
        json.writeStringField("kind", task.kind().label());
        json.writeStringField("name", task.name());
        json.writeStringField("state", task.state().label());
        json.writeStringField("phase", task.state().phase().name().toLowerCase(java.util.Locale.ROOT));
        if (!task.frames().isEmpty()) {
            json.writeNumberField("focusFrame", task.frames().indexOf(task.focusFrame()));
        }
        if (task.inState() == null) {
            json.writeNullField("inStateMs");
            json.writeNullField("inStateExact");
        } else {
            json.writeNumberField("inStateMs", Math.round(task.inState().millis() * 10) / 10.0);
            json.writeBooleanField("inStateExact", task.inState().exact());
        }
        if (task.parent() != null) {
            json.writeStringField("parent", task.parent());
        }
        json.writeArrayFieldStart("frames");
        for (Frame frame : task.frames()) {
            frame(json, frame);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("waitingFor");
        for (WaitEdge edge : task.waitingFor()) {
            json.writeStartObject();
            json.writeStringField("kind", edge.kind().label());
            json.writeStringField("target", edge.target());
            json.writeStringField("description", edge.description());
            if (edge.resource() != null) {
                json.writeFieldName("resource");
                resource(json, edge.resource());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("holds");
        for (Resource resource : task.holds()) {
            resource(json, resource);
        }
        json.writeEndArray();
        strings(json, "waitedBy", task.waitedBy());
        json.writeObjectFieldStart("facts");
        for (Fact fact : task.facts()) {
            json.writeStringField(fact.label(), fact.value());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void frame(JsonGenerator json, Frame frame) throws IOException {
        json.writeStartObject();
        json.writeStringField("function", frame.function());
        json.writeStringField("file", frame.file());
        json.writeNumberField("line", frame.line());
        if (frame.note() != null) {
            json.writeStringField("note", frame.note());
        }
        json.writeArrayFieldStart("variables");
        for (Variable variable : frame.variables()) {
            json.writeStartObject();
            json.writeStringField("name", variable.name());
            json.writeStringField("type", variable.type());
            json.writeStringField("value", ValueText.of(variable.value()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void resource(JsonGenerator json, Resource resource) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", resource.kind());
        json.writeStringField("id", resource.id());
        json.writeStringField("type", resource.type());
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, String field, Iterable<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
