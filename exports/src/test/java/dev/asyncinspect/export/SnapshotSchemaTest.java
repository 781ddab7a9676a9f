package dev.asyncinspect.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.model.WaitEdge;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The schema of the JSON snapshot describes what {@link JsonSnapshotWriter} writes: a snapshot with every
 * kind of task, wait, resource, fact, value and event passes it, and a document the writer could not
 * have written does not.
 */
class SnapshotSchemaTest {

    private static final String RESOURCE = "/dev/asyncinspect/export/snapshot.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(schemaText(), InputFormat.JSON);

    // The kinds the recognizers write (grep "new WaitEdge(" and "new Resource(" in core), each on a task of its own here.
    private static final List<String> WAIT_KINDS_OF_THREADS = List.of("monitor", "wait", "lock", "future", "sleep", "park");
    private static final List<String> WAIT_KINDS_OF_FUTURES = List.of("future", "thread", "executor", "completion");
    private static final List<String> WAIT_KINDS_OF_COROUTINES = List.of("delay", "await", "join", "mutex", "channel-send",
            "channel-receive", "flow", "publisher", "bytes-read", "bytes-write", "socket", "future", "coroutine", "child",
            "suspension");
    private static final List<String> WAIT_KINDS_OF_PIPELINES = List.of("future", "delay", "sink", "coroutine", "publisher", "completion");
    private static final List<String> THREAD_STATES = List.of("NEW", "RUNNABLE", "BLOCKED", "TERMINATED", "WAITING",
            "WAITING (sleeping)", "WAITING (on object monitor)", "WAITING (parked)", "TIMED_WAITING", "TIMED_WAITING (sleeping)",
            "TIMED_WAITING (on object monitor)", "TIMED_WAITING (parked)");
    private static final List<String> VIRTUAL_THREAD_STATES = List.of("new", "started", "running", "parked", "timed parked",
            "pinned", "yielding", "blocked", "unblocked", "terminated", "state 42");
    private static final List<String> COROUTINE_STATES = List.of("created", "active", "running", "suspended", "completing",
            "cancelling", "completed", "cancelled");

    private static String schemaText() {
        try (InputStream in = SnapshotSchemaTest.class.getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Error> errors(String json) {
        // Formats (takenAt's date-time) are only annotations in 2020-12 unless asked for.
        return SCHEMA.validate(json, InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
    }

    @Test
    void theSchemaIsADraft202012Schema() {
        Schema metaSchema = SchemaRegistry.withDialect(Dialects.getDraft202012())
                .getSchema(SchemaLocation.of(Dialects.getDraft202012().getId()));
        assertThat(metaSchema.validate(schemaText(), InputFormat.JSON)).isEmpty();
        JsonNode schema = tree(schemaText());
        assertThat(schema.get("$id").asText()).isNotBlank();
        assertThat(schema.get("title").asText()).contains(JsonSnapshotWriter.FORMAT);
        assertThat(schema.at("/properties/format/const").asText()).isEqualTo(JsonSnapshotWriter.FORMAT);
    }

    /** What this test builds is what the schema lists: a kind added to one and not the other fails here. */
    @Test
    void theSnapshotBuiltHereHasEveryKindTheSchemaNames() {
        JsonNode schema = tree(schemaText());
        List<Task> tasks = everything().tasks();
        assertThat(strings(schema.at("/$defs/task/properties/kind/enum")))
                .containsExactlyInAnyOrderElementsOf(distinct(tasks.stream().map(t -> t.kind().label())));
        assertThat(strings(schema.at("/$defs/waitEdge/properties/kind/enum")))
                .containsExactlyInAnyOrderElementsOf(distinct(tasks.stream().flatMap(t -> t.waitingFor().stream()).map(e -> e.kind().label())))
                .containsExactlyInAnyOrderElementsOf(Stream.of(WaitEdge.Kind.values()).map(WaitEdge.Kind::label).toList());
        assertThat(strings(schema.at("/$defs/resource/properties/kind/enum"))).containsExactlyInAnyOrderElementsOf(distinct(
                tasks.stream().flatMap(t -> Stream.concat(t.holds().stream(), t.waitingFor().stream().map(WaitEdge::resource)))
                        .filter(Objects::nonNull).map(Resource::kind)));
        assertThat(strings(schema.at("/$defs/task/allOf/0/then/properties/state/enum"))).containsExactlyInAnyOrderElementsOf(
                distinct(tasks.stream().filter(t -> t.kind() == TaskKind.THREAD).map(t -> t.state().label())));
        assertThat(strings(schema.at("/$defs/task/allOf/4/then/properties/state/enum"))).containsExactlyInAnyOrderElementsOf(
                distinct(tasks.stream().filter(t -> t.kind() == TaskKind.COROUTINE).map(t -> t.state().label())));
        List<String> facts = new ArrayList<>();
        schema.at("/$defs/task/properties/facts/properties").fieldNames().forEachRemaining(facts::add);
        assertThat(facts).containsExactlyInAnyOrderElementsOf(distinct(tasks.stream().flatMap(t -> t.facts().stream()).map(Fact::label)))
                .containsExactlyInAnyOrderElementsOf(Stream.of(Fact.Kind.values()).map(Fact.Kind::label).toList());
        assertThat(strings(schema.at("/$defs/event/properties/kind/enum"))).containsExactlyInAnyOrderElementsOf(
                distinct(events().stream().map(e -> e.kind().toString())));
        assertThat(distinct(events().stream().map(e -> e.kind().toString())))
                .hasSize(TimelineEvent.Kind.values().length);
        assertThat(distinct(tasks.stream().map(Task::kind).map(Enum::name))).hasSize(TaskKind.values().length);
    }

    private static List<String> distinct(Stream<String> values) {
        return values.distinct().toList();
    }

    @Test
    void everyKindOfTaskWaitResourceFactValueAndEventMatchesTheSchema() {
        Snapshot snapshot = everything();
        for (boolean pretty : new boolean[] {true, false}) {
            assertValid(write(snapshot, events(), pretty));
            assertValid(write(snapshot, List.of(), pretty));
        }
        String written = write(snapshot, events(), false);
        // What the schema was checked on: each optional field, null and value shape is there (named, not the whole dump, on failure).
        for (String part : List.of("\"gaps\":[\"a gap (2 times)\"", "\"deadlocks\":[{\"tasks\":[\"t1\",\"t2\"]", "\"events\":[",
                "\"parent\":\"c100\"", "\"note\":\"thenApply stage\"", "\"file\":null", "\"target\":null", "\"type\":null",
                "\"detail\":", "\"value\":\"null\"", "\"value\":\"42\"", "\"value\":\"\\\"paid\\\"\"",
                "\"value\":\"\\\"very long\\\"…\"", "\"value\":\"URGENT\"", "\"value\":\"Order(id=7, note=null)\"",
                "\"value\":\"List[1, 2, …] (40)\"", "\"value\":\"[3, 4] (2)\"", "\"value\":\"Context@1a2b\"",
                "\"value\":\"f79 (CompletableFuture)\"", "… 30 more)\"")) {
            assertThat(written.contains(part)).as(part).isTrue();
        }
    }

    @Test
    void aSnapshotOfNothingMatchesTheSchema() {
        assertValid(write(new Snapshot(new VmInfo(0, null, null, null, "heap dump"), Instant.EPOCH, List.of(), List.of(),
                List.of()), List.of(), true));
    }

    @Test
    void whatTheWriterCannotWriteIsRejected() {
        String valid = write(everything(), events(), false);
        assertRejected(valid, json -> json.remove("takenAt"), "takenAt");
        assertRejected(valid, json -> ((ObjectNode) json.at("/vm")).put("pid", "10401"), "/vm/pid");
        assertRejected(valid, json -> ((ObjectNode) json.at("/tasks/0/frames/0")).put("line", "12"), "/tasks/0/frames/0/line");
        assertRejected(valid, json -> ((ObjectNode) json.at("/tasks/0")).remove("waitingFor"), "waitingFor");
        assertRejected(valid, json -> ((ObjectNode) json.at("/tasks/0")).put("kind", "fiber"), "/tasks/0/kind");
        assertRejected(valid, json -> ((ObjectNode) json.at("/tasks/0")).put("state", "parked"), "/tasks/0/state");
        assertRejected(valid, json -> ((ObjectNode) json.at("/tasks/0")).put("parent", "c100"), "/tasks/0");
        assertRejected(valid, json -> ((ObjectNode) json.at("/tasks/0")).put("id", "thread-1"), "/tasks/0/id");
        assertRejected(valid, json -> ((ObjectNode) json.at("/tasks/0/facts")).put("owner", "me"), "/tasks/0/facts");
        assertRejected(valid, json -> ((ObjectNode) json.at("/tasks/0/waitingFor/0")).put("kind", "spin"), "/tasks/0/waitingFor/0/kind");
        assertRejected(valid, json -> ((ObjectNode) json.at("/tasks/0/frames/0/variables/0")).put("value", 42), "value");
        assertRejected(valid, json -> ((ObjectNode) json.at("/events/0")).put("nanos", 1.5), "/events/0/nanos");
        assertRejected(valid, json -> json.put("takenAt", "yesterday"), "/takenAt");
        assertRejected(valid, json -> json.put("format", "async-inspect/2"), "/format");
        assertRejected(valid, json -> json.put("extra", true), "extra");
    }

    private static void assertValid(String json) {
        assertThat(errors(json)).as(json.length() > 4000 ? json.substring(0, 4000) : json).isEmpty();
    }

    private static void assertRejected(String valid, Consumer<ObjectNode> breakIt, String where) {
        ObjectNode broken = (ObjectNode) tree(valid);
        breakIt.accept(broken);
        List<Error> errors = errors(broken.toString());
        assertThat(errors).as(where).isNotEmpty();
        assertThat(errors.toString()).as(where).contains(where);
    }

    private static String write(Snapshot snapshot, List<TimelineEvent> events, boolean pretty) {
        StringWriter out = new StringWriter();
        new JsonSnapshotWriter().write(snapshot, events, out, pretty);
        return out.toString();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        assertThat(values).isNotEmpty();
        return values;
    }

    /** One snapshot with every kind of task in each of its states, every wait and resource kind, every fact and value shape. */
    private static Snapshot everything() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < THREAD_STATES.size(); i++) {
            String kind = WAIT_KINDS_OF_THREADS.get(i % WAIT_KINDS_OF_THREADS.size());
            tasks.add(new Task("t" + (i + 1), TaskKind.THREAD, "worker-" + i, shown(THREAD_STATES.get(i)), null,
                    List.of(new Frame("dev.shop.Checkout.settle", "Checkout.java", 52, variables(), null),
                            new Frame("java.lang.Thread.run", null, -1, List.of(), null)),
                    List.of(edge(kind, i % 2 == 0 ? "t" + (i + 2) : null, i)),
                    List.of(resource(i % 2 == 0 ? "monitor" : "lock", i)), i == 0 ? List.of("t2", "f79") : List.of(),
                    i % 2 == 0 ? List.of(new Fact(Fact.Kind.fromLabel("daemon"), "yes")) : List.of()));
        }
        for (int i = 0; i < VIRTUAL_THREAD_STATES.size(); i++) {
            tasks.add(new Task("v" + (100 + i), TaskKind.VIRTUAL_THREAD, "", shown(VIRTUAL_THREAD_STATES.get(i)), null,
                    List.of(new Frame("dev.shop.Checkout.lambda$main$0", "Checkout.java", 20, List.of(), null)),
                    List.of(edge("park", null, i)), List.of(), List.of(),
                    i == 2 ? List.of(new Fact(Fact.Kind.fromLabel("carrier"), "t21 \"ForkJoinPool-1-worker-1\"")) : List.of()));
        }
        for (int i = 0; i < WAIT_KINDS_OF_FUTURES.size(); i++) {
            tasks.add(new Task("f" + (79 + i), TaskKind.FUTURE, "thenApply(Checkout.checkout)", shown("pending"), null,
                    List.of(new Frame("dev.shop.Checkout.checkout", "Checkout.java", 40, variables(), "thenApply stage")),
                    List.of(edge(WAIT_KINDS_OF_FUTURES.get(i), i == 0 ? "f80" : null, i)), List.of(), List.of("t1"),
                    i == 0 ? List.of(new Fact(Fact.Kind.fromLabel("chain"), "stage 2 of 3"), new Fact(Fact.Kind.fromLabel("pending stages"), "thenCompose → f80, thenRun → null"))
                            : List.of()));
        }
        for (int i = 0; i < Math.max(COROUTINE_STATES.size(), WAIT_KINDS_OF_COROUTINES.size()); i++) {
            List<Fact> facts = new ArrayList<>(List.of(new Fact(Fact.Kind.fromLabel("builder"), i == 0 ? "runBlocking" : "launch")));
            if (i == 1) {
                facts.addAll(List.of(new Fact(Fact.Kind.fromLabel("dispatcher"), "Dispatchers.Default"), new Fact(Fact.Kind.fromLabel("running on"), "t12"),
                        new Fact(Fact.Kind.fromLabel("possibly running on"), "t12, t13"), new Fact(Fact.Kind.fromLabel("debug probes"), "SUSPENDED (the heap shows it running)"),
                        new Fact(Fact.Kind.fromLabel("created at"), "dev.shop.OrdersKt.main(Orders.kt:12)")));
            }
            tasks.add(new Task("c" + (100 + i), TaskKind.COROUTINE, i == 0 ? "orders" : "launch#" + i,
                    shown(COROUTINE_STATES.get(i % COROUTINE_STATES.size())), i == 0 ? null : "c100",
                    List.of(new Frame("dev.shop.OrdersKt.checkout", "Orders.kt", 30, variables(), "state 1 of 2"),
                            new Frame("io.ktor.server.Pipeline.resumeWith", null, -1, List.of(), "relays to its caller")),
                    List.of(edge(WAIT_KINDS_OF_COROUTINES.get(i % WAIT_KINDS_OF_COROUTINES.size()), i % 2 == 0 ? "c100" : null, i)),
                    i == 3 ? List.of(resource("mutex", i)) : List.of(), i == 0 ? List.of("c101") : List.of(), facts));
        }
        for (int i = 0; i < WAIT_KINDS_OF_PIPELINES.size(); i++) {
            tasks.add(new Task("r" + (200 + i), TaskKind.REACTIVE, "fromFuture → map → block", shown("subscribed"), null,
                    List.of(new Frame("reactor.core.publisher.Mono.fromFuture", null, -1, variables(), "fromFuture"),
                            new Frame("dev.shop.Checkout.checkout", "Checkout.java", 41, variables(), "map")),
                    List.of(edge(WAIT_KINDS_OF_PIPELINES.get(i), i == 0 ? "f79" : null, i)), List.of(), List.of("t1"),
                    List.of(new Fact(Fact.Kind.fromLabel("subscriber"), "Mono.block() on t1"))));
        }
        return new Snapshot(new VmInfo(10401, "dev.shop.Checkout", "17.0.15", "OpenJDK 64-Bit Server VM", "jdwp"),
                Instant.ofEpochSecond(1_800_000_000, 123_456_789), tasks,
                List.of(new Deadlock(List.of(new Deadlock.Step("t1", tasks.get(0).waitingFor().get(0)),
                        new Deadlock.Step("t2", edge("lock", "t1", 3))), List.of(Deadlock.Advice.LOCK_ORDER))),
                List.of("a gap", "a gap", "thread x ended while the snapshot was taken"));
    }

    /** Phases do not reach the JSON: only the label is checked. */
    private static TaskState shown(String label) {
        return new TaskState(TaskState.Phase.WAITING, label);
    }

    /** A wait with the resource the recognizers give that kind, if any. */
    private static WaitEdge edge(String kind, String target, int i) {
        String resourceKind = switch (kind) {
            case "monitor", "wait" -> "monitor";
            case "park" -> i % 2 == 0 ? "object" : null;
            case "await", "join" -> "job";
            case "channel-send", "channel-receive" -> "channel";
            case "bytes-read", "bytes-write" -> "byte-channel";
            case "lock", "future", "mutex", "flow", "publisher", "socket", "sink" -> kind;
            default -> null;
        };
        return new WaitEdge(WaitEdge.Kind.fromLabel(kind), target, resourceKind == null ? null : resource(resourceKind, i), kind + " waits " + i);
    }

    private static Resource resource(String kind, int i) {
        return new Resource(kind, kind + "@" + Integer.toHexString(i), kind.equals("publisher") ? null : "dev.shop.Thing");
    }

    /** A value of every shape: null, primitives, strings (one cut where it was read), enums, objects, sequences, references, one past the budget. */
    private static List<Variable> variables() {
        List<Value.NamedValue> many = IntStream.range(0, 40)
                .mapToObj(i -> new Value.NamedValue("field" + i, new Value.Text("x".repeat(20), false))).toList();
        return List.of(
                new Variable("nothing", "?", new Value.Null()),
                new Variable("count", "int", new Value.Primitive("int", "42")),
                new Variable("discount", "double", new Value.Primitive("double", "0.1")),
                new Variable("label", "java.lang.String", new Value.Text("paid", false)),
                new Variable("letter", "java.lang.String", new Value.Text("very long", true)),
                new Variable("priority", "dev.shop.Priority", new Value.EnumConstant("dev.shop.Priority", "URGENT")),
                new Variable("order", "dev.shop.Order", new Value.Composite("dev.shop.Order", List.of(
                        new Value.NamedValue("id", new Value.Primitive("int", "7")), new Value.NamedValue("note", new Value.Null())))),
                new Variable("items", "java.util.ArrayList", new Value.Sequence("java.util.ImmutableCollections$ListN", 40,
                        List.of(new Value.Primitive("int", "1"), new Value.Primitive("int", "2")))),
                new Variable("sizes", "int[]", new Value.Sequence("int[]", 2,
                        List.of(new Value.Primitive("int", "3"), new Value.Primitive("int", "4")))),
                new Variable("context", "io.netty.Context", new Value.Reference("io.netty.Context", "@1a2b")),
                new Variable("future", "java.util.concurrent.CompletableFuture",
                        new Value.Reference("java.util.concurrent.CompletableFuture", "f79")),
                new Variable("deep", "io.netty.Big", new Value.Composite("io.netty.Big", many)));
    }

    /** One event of every kind, with what each leaves out or null. */
    private static List<TimelineEvent> events() {
        return List.of(
                new TimelineEvent(1_000, "c101", TimelineEvent.Kind.RESUMED, "dev.shop.OrdersKt.checkout", 0, null, 7, null),
                new TimelineEvent(2_000, "c101", TimelineEvent.Kind.SUSPENDED, "dev.shop.OrdersKt.checkout", 1, "Orders.kt:30", 7, null),
                new TimelineEvent(3_000, null, TimelineEvent.Kind.COMPLETED, "dev.shop.OrdersKt.checkout", 0, "Orders.kt:31", 7, null),
                new TimelineEvent(4_000, "f79", TimelineEvent.Kind.FUTURE_COMPLETED, null, 0, null, 9, "exceptionally"),
                new TimelineEvent(5_000, "t1", TimelineEvent.Kind.BLOCKED, "dev.shop.Checkout.audit", 0, "Checkout.java:60", 11,
                        "java.lang.Object"),
                new TimelineEvent(6_000, "t1", TimelineEvent.Kind.UNBLOCKED, "dev.shop.Checkout.audit", 0, "Checkout.java:60", 11,
                        "java.lang.Object"),
                new TimelineEvent(500, "c101", TimelineEvent.Kind.CREATED, null, 0, null, 0, "kotlinx.coroutines.StandaloneCoroutine"),
                new TimelineEvent(7_000, "t2", TimelineEvent.Kind.PARKED, null, 0, null, 0, null),
                new TimelineEvent(8_000, "t3", TimelineEvent.Kind.WAITED, "dev.shop.Checkout.await", 0, "Checkout.java:70", 0,
                        "java.lang.Object"),
                new TimelineEvent(9_000, "t4", TimelineEvent.Kind.SLEPT, "dev.shop.Checkout.nap", 0, "Checkout.java:80", 0, null),
                new TimelineEvent(9_500, "v5", TimelineEvent.Kind.PINNED, "dev.shop.Checkout.pinned", 0, "Checkout.java:90", 0, null));
    }
}
