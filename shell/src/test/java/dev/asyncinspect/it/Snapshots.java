package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/** Reading a JSON dump the way a script would. */
final class Snapshots {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Snapshots() {}

    static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    /** {@code dump --format json} of a live target, parsed; the tool must succeed. */
    static JsonNode dump(TargetJvm target) throws Exception {
        Tool.Result result = Tool.run(null, target, "dump", "--format", "json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        return parse(result.out());
    }

    static List<JsonNode> tasks(JsonNode snapshot, Predicate<JsonNode> filter) {
        return StreamSupport.stream(snapshot.get("tasks").spliterator(), false).filter(filter).toList();
    }

    static JsonNode taskNamed(JsonNode snapshot, String name) {
        List<JsonNode> found = tasks(snapshot, t -> t.get("name").asText().equals(name));
        if (found.size() != 1) {
            throw new AssertionError("expected one task named " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    static JsonNode task(JsonNode snapshot, String id) {
        return tasks(snapshot, t -> t.get("id").asText().equals(id)).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no task " + id));
    }

    static JsonNode frame(JsonNode task, String functionSuffix) {
        for (JsonNode frame : task.get("frames")) {
            if (frame.get("function").asText().endsWith(functionSuffix)) {
                return frame;
            }
        }
        throw new AssertionError("no frame " + functionSuffix + " in " + task);
    }

    static String variable(JsonNode frame, String name) {
        for (JsonNode variable : frame.get("variables")) {
            if (variable.get("name").asText().equals(name)) {
                return variable.get("value").asText();
            }
        }
        throw new AssertionError("no variable " + name + " in " + frame);
    }

    /** Nothing missed, but what the route cannot see by its nature (the agent reads no primitive locals of threads). */
    static void assertComplete(JsonNode snapshot, Route route) {
        List<String> gaps = new ArrayList<>();
        snapshot.get("gaps").forEach(g -> gaps.add(g.asText()));
        if (route.jdwp()) {
            assertThat(gaps).isEmpty();
        } else {
            assertThat(gaps).allMatch(g -> g.contains("primitive locals of thread frames"));
        }
    }

    /** The one coroutine with this name and builder. */
    static JsonNode coroutine(JsonNode snapshot, String name, String builder) {
        List<JsonNode> found = tasks(snapshot, t -> t.get("kind").asText().equals("coroutine")
                && t.get("name").asText().equals(name) && fact(t, "builder").equals(builder));
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    /** A task's first wait, which must be there. */
    static JsonNode firstWait(JsonNode task) {
        assertThat(task.get("waitingFor")).as(task.get("name").asText()).isNotEmpty();
        return task.get("waitingFor").get(0);
    }

    static String fact(JsonNode task, String label) {
        JsonNode fact = task.get("facts").get(label);
        return fact == null ? "" : fact.asText();
    }
}
