package dev.asyncinspect.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.WaitEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Finding tasks, frames and variables in a snapshot's model, and a value's text as the tests write it. */
final class Shown {

    private Shown() {}

    static Task named(Snapshot snapshot, String name) {
        List<Task> found = snapshot.tasks().stream().filter(t -> name.equals(t.name())).toList();
        assertThat(found).as("tasks named " + name).hasSize(1);
        return found.get(0);
    }

    /** The one coroutine with this name and builder ({@code launch}, {@code async}, …). */
    static Task coroutine(Snapshot snapshot, String name, String builder) {
        List<Task> found = snapshot.tasks().stream().filter(t -> t.kind() == TaskKind.COROUTINE && name.equals(t.name())
                && builder.equals(fact(t, "builder"))).toList();
        assertThat(found).as(builder + " coroutine " + name).hasSize(1);
        return found.get(0);
    }

    static Task task(Snapshot snapshot, String id) {
        return snapshot.task(id).orElseThrow(() -> new AssertionError("no task " + id));
    }

    /** The tasks of a kind whose name is exactly this. */
    static List<Task> all(Snapshot snapshot, TaskKind kind, String name) {
        return snapshot.tasks().stream().filter(t -> t.kind() == kind && name.equals(t.name())).toList();
    }

    static Frame frame(Task task, String functionSuffix) {
        return task.frames().stream().filter(f -> f.function().endsWith(functionSuffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no frame " + functionSuffix + " in " + task.name() + ": " + task.frames()));
    }

    /** A variable's value as text: see {@link #text(Value)}. */
    static String variable(Frame frame, String name) {
        return frame.variables().stream().filter(v -> v.name().equals(name)).findFirst().map(v -> text(v.value()))
                .orElseThrow(() -> new AssertionError("no variable " + name + " in " + frame.function() + ": "
                        + frame.variables().stream().map(Variable::name).toList()));
    }

    static String fact(Task task, String label) {
        return task.facts().stream().filter(f -> f.label().equals(label)).map(Fact::value).findFirst().orElse("");
    }

    static WaitEdge firstWait(Task task) {
        assertThat(task.waitingFor()).as(task.name() + " waits").isNotEmpty();
        return task.waitingFor().get(0);
    }

    /** The line of a {@code // @line:MARKER} comment in an example's source ({@code StuckCheckout.java}, {@code StuckOrders.kt}). */
    static int line(String source, String marker) throws IOException {
        Path file = source.endsWith(".kt")
                ? Path.of("..", "examples-kotlin", "src", "main", "kotlin", "dev", "asyncinspect", "examples", "kotlin", source)
                : Path.of("..", "examples", "src", "main", "java", "dev", "asyncinspect", "examples", source);
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("// @line:" + marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no marker @line:" + marker + " in " + file);
    }

    /** {@code file:line} of a frame. */
    static String at(Frame frame) {
        return frame.file() + ":" + frame.line();
    }

    /**
     * One line for a value, written here rather than by a view so that it checks the model: literals as Java
     * writes them, strings quoted, objects as {@code Type(field=value, …)}, sequences as {@code Type[a, b] (size)}.
     */
    static String text(Value value) {
        return switch (value) {
            case Value.Null n -> "null";
            case Value.Primitive p -> p.literal();
            case Value.Text t -> "\"" + t.text() + "\"" + (t.truncated() ? "…" : "");
            case Value.EnumConstant e -> e.constant();
            case Value.Composite c -> simple(c.type()) + c.fields().stream().map(f -> f.name() + "=" + text(f.value()))
                    .collect(Collectors.joining(", ", "(", ")"));
            case Value.Sequence s -> (s.type().endsWith("[]") ? "" : simple(s.type()))
                    + s.first().stream().map(Shown::text).collect(Collectors.joining(", ", "[",
                            s.size() > s.first().size() ? (s.first().isEmpty() ? "…]" : ", …]") : "]"))
                    + " (" + s.size() + ")";
            case Value.Reference r -> "ref " + r.id() + " (" + simple(r.type()) + ")";
        };
    }

    private static String simple(String type) {
        if (type.startsWith("java.util.ImmutableCollections$")) {
            String inner = type.substring(type.indexOf('$') + 1);
            return inner.startsWith("List") ? "List" : inner.startsWith("Set") ? "Set" : inner.startsWith("Map") ? "Map" : inner;
        }
        String tail = type.substring(type.lastIndexOf('.') + 1);
        return tail.substring(tail.lastIndexOf('$') + 1);
    }

    /** Everything in a snapshot, one task a block: for reading a dump while writing a test. */
    static String describe(Snapshot snapshot) {
        StringBuilder out = new StringBuilder();
        for (Task t : snapshot.tasks()) {
            out.append(t.id()).append(' ').append(t.kind()).append(" '").append(t.name()).append("' ").append(t.state())
                    .append(" parent=").append(t.parent()).append(" facts=").append(t.facts()).append('\n');
            for (Frame f : t.frames()) {
                out.append("    ").append(f.function()).append(' ').append(f.location()).append(f.note() == null ? "" : " [" + f.note() + "]");
                f.variables().forEach(v -> out.append(' ').append(v.name()).append('=').append(text(v.value())));
                out.append('\n');
            }
            t.waitingFor().forEach(w -> out.append("    waits ").append(w).append('\n'));
            t.holds().forEach(h -> out.append("    holds ").append(h).append('\n'));
            if (!t.waitedBy().isEmpty()) {
                out.append("    waited by ").append(t.waitedBy()).append('\n');
            }
        }
        snapshot.deadlocks().forEach(d -> out.append("DEADLOCK ").append(d).append('\n'));
        snapshot.gaps().forEach(g -> out.append("GAP ").append(g).append('\n'));
        return out.toString();
    }
}
