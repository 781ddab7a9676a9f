package dev.asyncinspect.source;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.model.WaitEdge;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the agent hands a snapshot to the tool: the model, written field by field into a private
 * file, each distinct string once (a snapshot repeats function, file and type names hundreds of
 * thousands of times). Plain data only: reading it creates nothing but model records.
 */
public final class SnapshotFile {

    private static final int MAGIC = 0x41495331;   // "AIS1"

    private SnapshotFile() {}

    public static void write(Snapshot snapshot, Path file) throws IOException {
        PrivateFile.replace(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            new Writer(data).snapshot(snapshot);
            data.flush();
        });
    }

    public static Snapshot read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("the agent's answer is not a snapshot of this build of async-inspect");
            }
            return new Reader(in).snapshot();
        } catch (EOFException e) {
            throw new IOException("the agent's answer is cut short", e);
        }
    }

    private static final class Writer {
        private final DataOutputStream out;
        private final Map<String, Integer> strings = new HashMap<>();

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void snapshot(Snapshot snapshot) throws IOException {
            out.writeInt(MAGIC);
            VmInfo vm = snapshot.vm();
            out.writeLong(vm.pid());
            string(vm.mainClass());
            string(vm.javaVersion());
            string(vm.vmName());
            string(vm.source());
            out.writeLong(snapshot.takenAt().getEpochSecond());
            out.writeInt(snapshot.takenAt().getNano());
            out.writeInt(snapshot.tasks().size());
            for (Task task : snapshot.tasks()) {
                task(task);
            }
            out.writeInt(snapshot.deadlocks().size());
            for (Deadlock deadlock : snapshot.deadlocks()) {
                strings(deadlock.taskIds());
                strings(deadlock.resources());
                string(deadlock.description());
            }
            strings(snapshot.gaps());
        }

        private void task(Task task) throws IOException {
            string(task.id());
            out.writeByte(task.kind().ordinal());
            string(task.name());
            string(task.state());
            string(task.parent());
            out.writeInt(task.frames().size());
            for (Frame frame : task.frames()) {
                string(frame.function());
                string(frame.file());
                out.writeInt(frame.line());
                out.writeInt(frame.variables().size());
                for (Variable variable : frame.variables()) {
                    string(variable.name());
                    string(variable.type());
                    value(variable.value());
                }
                string(frame.note());
            }
            out.writeInt(task.waitingFor().size());
            for (WaitEdge edge : task.waitingFor()) {
                string(edge.kind());
                string(edge.target());
                resource(edge.resource());
                string(edge.description());
            }
            out.writeInt(task.holds().size());
            for (Resource resource : task.holds()) {
                resource(resource);
            }
            strings(task.waitedBy());
            out.writeInt(task.facts().size());
            for (Fact fact : task.facts()) {
                string(fact.label());
                string(fact.value());
            }
        }

        private void resource(Resource resource) throws IOException {
            out.writeBoolean(resource != null);
            if (resource != null) {
                string(resource.kind());
                string(resource.id());
                string(resource.type());
            }
        }

        private void value(Value value) throws IOException {
            if (value instanceof Value.Primitive p) {
                out.writeByte(1);
                string(p.type());
                string(p.literal());
            } else if (value instanceof Value.Text t) {
                out.writeByte(2);
                string(t.text());
                out.writeBoolean(t.truncated());
            } else if (value instanceof Value.EnumConstant e) {
                out.writeByte(3);
                string(e.type());
                string(e.constant());
            } else if (value instanceof Value.Composite c) {
                out.writeByte(4);
                string(c.type());
                out.writeInt(c.fields().size());
                for (Value.NamedValue field : c.fields()) {
                    string(field.name());
                    value(field.value());
                }
            } else if (value instanceof Value.Sequence s) {
                out.writeByte(5);
                string(s.type());
                out.writeInt(s.size());
                out.writeInt(s.first().size());
                for (Value element : s.first()) {
                    value(element);
                }
            } else if (value instanceof Value.Reference r) {
                out.writeByte(6);
                string(r.type());
                string(r.id());
            } else {
                out.writeByte(0);
            }
        }

        private void strings(List<String> values) throws IOException {
            out.writeInt(values.size());
            for (String value : values) {
                string(value);
            }
        }

        /** -1 null, else the string's number; a number seen for the first time is followed by its text. */
        private void string(String value) throws IOException {
            if (value == null) {
                out.writeInt(-1);
                return;
            }
            Integer known = strings.get(value);
            if (known != null) {
                out.writeInt(known);
                return;
            }
            int number = strings.size();
            strings.put(value, number);
            out.writeInt(number);
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    private static final class Reader {
        private final DataInputStream in;
        private final List<String> strings = new ArrayList<>();

        Reader(DataInputStream in) {
            this.in = in;
        }

        Snapshot snapshot() throws IOException {
            VmInfo vm = new VmInfo(in.readLong(), string(), string(), string(), string());
            Instant takenAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            int count = in.readInt();
            List<Task> tasks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                tasks.add(task());
            }
            int cycles = in.readInt();
            List<Deadlock> deadlocks = new ArrayList<>(cycles);
            for (int i = 0; i < cycles; i++) {
                deadlocks.add(new Deadlock(strings(), strings(), string()));
            }
            return new Snapshot(vm, takenAt, tasks, deadlocks, strings());
        }

        private Task task() throws IOException {
            String id = string();
            TaskKind kind = TaskKind.values()[in.readByte()];
            String name = string();
            String state = string();
            String parent = string();
            int frameCount = in.readInt();
            List<Frame> frames = new ArrayList<>(frameCount);
            for (int i = 0; i < frameCount; i++) {
                String function = string();
                String file = string();
                int line = in.readInt();
                int variableCount = in.readInt();
                List<Variable> variables = new ArrayList<>(variableCount);
                for (int v = 0; v < variableCount; v++) {
                    variables.add(new Variable(string(), string(), value()));
                }
                frames.add(new Frame(function, file, line, variables, string()));
            }
            int waitCount = in.readInt();
            List<WaitEdge> waits = new ArrayList<>(waitCount);
            for (int i = 0; i < waitCount; i++) {
                waits.add(new WaitEdge(string(), string(), resource(), string()));
            }
            int holdCount = in.readInt();
            List<Resource> holds = new ArrayList<>(holdCount);
            for (int i = 0; i < holdCount; i++) {
                holds.add(resource());
            }
            List<String> waitedBy = strings();
            int factCount = in.readInt();
            List<Fact> facts = new ArrayList<>(factCount);
            for (int i = 0; i < factCount; i++) {
                facts.add(new Fact(string(), string()));
            }
            return new Task(id, kind, name, state, parent, frames, waits, holds, waitedBy, facts);
        }

        private Resource resource() throws IOException {
            return in.readBoolean() ? new Resource(string(), string(), string()) : null;
        }

        private Value value() throws IOException {
            return switch (in.readByte()) {
                case 1 -> new Value.Primitive(string(), string());
                case 2 -> new Value.Text(string(), in.readBoolean());
                case 3 -> new Value.EnumConstant(string(), string());
                case 4 -> {
                    String type = string();
                    int count = in.readInt();
                    List<Value.NamedValue> fields = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        fields.add(new Value.NamedValue(string(), value()));
                    }
                    yield new Value.Composite(type, fields);
                }
                case 5 -> {
                    String type = string();
                    int size = in.readInt();
                    int count = in.readInt();
                    List<Value> first = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        first.add(value());
                    }
                    yield new Value.Sequence(type, size, first);
                }
                case 6 -> new Value.Reference(string(), string());
                default -> new Value.Null();
            };
        }

        private List<String> strings() throws IOException {
            int count = in.readInt();
            List<String> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(string());
            }
            return values;
        }

        private String string() throws IOException {
            int number = in.readInt();
            if (number < 0) {
                return null;
            }
            if (number < strings.size()) {
                return strings.get(number);
            }
            byte[] utf8 = new byte[in.readInt()];
            in.readFully(utf8);
            String value = new String(utf8, StandardCharsets.UTF_8);
            strings.add(value);
            return value;
        }
    }
}
