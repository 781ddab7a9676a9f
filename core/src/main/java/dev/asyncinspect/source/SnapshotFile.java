package dev.asyncinspect.source;

import dev.asyncinspect.model.Deadlock;
import dev.asyncinspect.model.Fact;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Resource;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.TimeInState;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.Value;
import dev.asyncinspect.model.Variable;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.model.WaitEdge;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the agent hands a snapshot to the tool: the model, written field by field into a private
 * file, each string object once (a snapshot repeats the same function, file and type names
 * hundreds of thousands of times). Plain data only: reading it creates nothing but model records.
 */
public final class SnapshotFile {

    private static final int MAGIC = 0x41495331;   // "AIS1"
    private static final int END = 0x41495345;     // "AISE"
    private static final int RECORDING = 0x41495231;   // "AIR1"

    private SnapshotFile() {}

    /**
     * Writes in place, not beside and then moved: the tool reads the answer while it is being
     * written ({@link #read}). The directory is the tool's private one, and the end marker tells a
     * whole answer from one cut short.
     */
    public static void write(Snapshot snapshot, Path file) throws IOException {
        try (OutputStream out = PrivateFile.create(file)) {
            Writer writer = new Writer(out);
            writer.snapshot(snapshot);
            writer.writeInt(END);
            writer.flush();
        }
    }

    /** A recording, the same way (events and the ring's figures), for the tool's {@code record} and {@code timeline}. */
    public static void write(Recording recording, Path file) throws IOException {
        try (OutputStream out = PrivateFile.create(file)) {
            Writer writer = new Writer(out);
            writer.recording(recording);
            writer.writeInt(END);
            writer.flush();
        }
    }

    public static Recording readRecording(InputStream answer) throws IOException {
        Input in = new Input(answer);
        try {
            if (in.getInt() == RECORDING) {
                Recording recording = new Reader(in).recording();
                if (in.getInt() == END) {
                    return recording;
                }
            }
        } catch (IndexOutOfBoundsException garbled) {
            // falls through
        }
        throw new IOException("the agent's answer is not a recording of this build of async-inspect");
    }

    /** Reads a snapshot as it arrives; the stream ends where the answer does, or where it was cut short. */
    public static Snapshot read(InputStream answer) throws IOException {
        Input in = new Input(answer);
        if (in.getInt() != MAGIC) {
            throw new IOException("the agent's answer is not a snapshot of this build of async-inspect");
        }
        try {
            Snapshot snapshot = new Reader(in).snapshot();
            if (in.getInt() == END) {
                return snapshot;
            }
        } catch (IndexOutOfBoundsException garbled) {
            // falls through
        }
        throw new IOException("the agent's answer is not a snapshot of this build of async-inspect");
    }

    /** The bytes of an answer, buffered; running out of them before the end means it was cut short. */
    private static final class Input {
        private final InputStream source;
        private final byte[] buffer = new byte[1 << 16];
        private final ByteBuffer view = ByteBuffer.wrap(buffer);
        private int limit;

        Input(InputStream source) {
            this.source = source;
            view.limit(0);
        }

        /** At least {@code bytes} unread bytes in the buffer (at most its size). */
        private ByteBuffer ensure(int bytes) throws IOException {
            if (view.remaining() >= bytes) {
                return view;
            }
            int unread = view.remaining();
            System.arraycopy(buffer, view.position(), buffer, 0, unread);
            limit = unread;
            while (limit < bytes) {
                int read = source.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    throw new IOException("the agent's answer is cut short");
                }
                limit += read;
            }
            view.limit(limit).position(0);
            return view;
        }

        int getInt() throws IOException {
            return ensure(Integer.BYTES).getInt();
        }

        long getLong() throws IOException {
            return ensure(Long.BYTES).getLong();
        }

        byte get() throws IOException {
            return ensure(1).get();
        }

        String utf8(int length) throws IOException {
            if (length < 0) {
                throw new IOException("the agent's answer is not a snapshot of this build of async-inspect");
            }
            if (length <= buffer.length) {
                ByteBuffer at = ensure(length);
                String text = new String(buffer, at.position(), length, StandardCharsets.UTF_8);
                at.position(at.position() + length);
                return text;
            }
            byte[] bytes = new byte[length];
            int have = view.remaining();
            view.get(bytes, 0, have);
            while (have < length) {
                int read = source.read(bytes, have, length - have);
                if (read < 0) {
                    throw new IOException("the agent's answer is cut short");
                }
                have += read;
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Encodes into a buffer of its own: a snapshot is millions of small writes, and a
     * DataOutputStream over a BufferedOutputStream takes a lock for every byte of them.
     */
    private static final class Writer {
        private final OutputStream target;
        private final ByteBuffer out = ByteBuffer.allocate(1 << 16);
        private final StringNumbers strings = new StringNumbers();
        // Most strings written are the same few objects again (names of functions, files, types, states): a small
        // cache by identity answers them without a look into the big table.
        private final String[] recent = new String[1 << 12];
        private final int[] recentNumbers = new int[1 << 12];

        Writer(OutputStream target) {
            this.target = target;
        }

        void flush() throws IOException {
            target.write(out.array(), 0, out.position());
            out.clear();
        }

        private ByteBuffer room(int bytes) throws IOException {
            if (out.remaining() < bytes) {
                flush();
            }
            return out;
        }

        private void writeInt(int value) throws IOException {
            room(Integer.BYTES).putInt(value);
        }

        private void writeLong(long value) throws IOException {
            room(Long.BYTES).putLong(value);
        }

        private void writeByte(int value) throws IOException {
            room(1).put((byte) value);
        }

        private void writeBoolean(boolean value) throws IOException {
            writeByte(value ? 1 : 0);
        }

        private void write(byte[] bytes) throws IOException {
            if (bytes.length > out.capacity()) {
                flush();
                target.write(bytes);
            } else {
                room(bytes.length).put(bytes);
            }
        }

        void snapshot(Snapshot snapshot) throws IOException {
            writeInt(MAGIC);
            VmInfo vm = snapshot.vm();
            writeLong(vm.pid());
            string(vm.mainClass());
            string(vm.javaVersion());
            string(vm.vmName());
            string(vm.source());
            writeLong(snapshot.takenAt().getEpochSecond());
            writeInt(snapshot.takenAt().getNano());
            writeInt(snapshot.tasks().size());
            for (Task task : snapshot.tasks()) {
                task(task);
            }
            writeInt(snapshot.deadlocks().size());
            for (Deadlock deadlock : snapshot.deadlocks()) {
                writeInt(deadlock.steps().size());
                for (Deadlock.Step step : deadlock.steps()) {
                    string(step.taskId());
                    edge(step.edge());
                }
                strings(deadlock.advice().stream().map(Deadlock.Advice::name).toList());
            }
            strings(snapshot.gaps());
        }

        private void task(Task task) throws IOException {
            string(task.id());
            string(task.kind().label());
            string(task.name());
            string(task.state().phase().name());
            string(task.state().label());
            string(task.parent());
            writeInt(task.frames().size());
            for (Frame frame : task.frames()) {
                string(frame.function());
                string(frame.file());
                writeInt(frame.line());
                writeInt(frame.variables().size());
                for (Variable variable : frame.variables()) {
                    string(variable.name());
                    string(variable.type());
                    value(variable.value());
                }
                string(frame.note());
            }
            writeInt(task.waitingFor().size());
            for (WaitEdge edge : task.waitingFor()) {
                edge(edge);
            }
            writeInt(task.holds().size());
            for (Resource resource : task.holds()) {
                resource(resource);
            }
            strings(task.waitedBy());
            writeInt(task.facts().size());
            for (Fact fact : task.facts()) {
                string(fact.label());
                string(fact.value());
            }
            writeLong(task.inState() == null ? -1 : task.inState().nanos());
            writeBoolean(task.inState() != null && task.inState().exact());
        }

        void recording(Recording recording) throws IOException {
            writeInt(RECORDING);
            writeLong(recording.startedNanos());
            writeLong(recording.endedNanos());
            writeInt(recording.capacity());
            writeLong(recording.dropped());
            writeInt(recording.events().size());
            for (TimelineEvent event : recording.events()) {
                writeLong(event.nanos());
                string(event.taskId());
                writeByte(event.kind().ordinal());
                string(event.function());
                writeInt(event.state());
                string(event.location());
                writeLong(event.object());
                string(event.detail());
            }
            writeInt(recording.threads().size());
            for (Recording.ThreadSince thread : recording.threads()) {
                string(thread.taskId());
                string(thread.phase().name());
                writeLong(thread.nanos());
                writeBoolean(thread.sinceStart());
            }
            strings(recording.gaps());
        }

        private void edge(WaitEdge edge) throws IOException {
            string(edge.kind().label());
            string(edge.target());
            resource(edge.resource());
            string(edge.description());
        }

        private void resource(Resource resource) throws IOException {
            writeBoolean(resource != null);
            if (resource != null) {
                string(resource.kind());
                string(resource.id());
                string(resource.type());
            }
        }

        private void value(Value value) throws IOException {
            if (value instanceof Value.Primitive p) {
                writeByte(1);
                string(p.type());
                string(p.literal());
            } else if (value instanceof Value.Text t) {
                writeByte(2);
                string(t.text());
                writeBoolean(t.truncated());
            } else if (value instanceof Value.EnumConstant e) {
                writeByte(3);
                string(e.type());
                string(e.constant());
            } else if (value instanceof Value.Composite c) {
                writeByte(4);
                string(c.type());
                writeInt(c.fields().size());
                for (Value.NamedValue field : c.fields()) {
                    string(field.name());
                    value(field.value());
                }
            } else if (value instanceof Value.Sequence s) {
                writeByte(5);
                string(s.type());
                writeInt(s.size());
                writeInt(s.first().size());
                for (Value element : s.first()) {
                    value(element);
                }
            } else if (value instanceof Value.Reference r) {
                writeByte(6);
                string(r.type());
                string(r.id());
            } else {
                writeByte(0);
            }
        }

        private void strings(List<String> values) throws IOException {
            writeInt(values.size());
            for (String value : values) {
                string(value);
            }
        }

        /** -1 null, else the string's number; a number seen for the first time is followed by its text. */
        private void string(String value) throws IOException {
            if (value == null) {
                writeInt(-1);
                return;
            }
            int slot = System.identityHashCode(value) & (recent.length - 1);
            if (recent[slot] == value) {
                writeInt(recentNumbers[slot]);
                return;
            }
            int known = strings.numberOf(value);
            int number = known >= 0 ? known : strings.size() - 1;
            recent[slot] = value;
            recentNumbers[slot] = number;
            writeInt(number);
            if (known >= 0) {
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeInt(utf8.length);
            write(utf8);
        }
    }

    private static final class Reader {
        private final Input in;
        private final List<String> strings = new ArrayList<>();

        Reader(Input in) {
            this.in = in;
        }

        Snapshot snapshot() throws IOException {
            VmInfo vm = new VmInfo(in.getLong(), string(), string(), string(), string());
            Instant takenAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
            int count = in.getInt();
            List<Task> tasks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                tasks.add(task());
            }
            int cycles = in.getInt();
            List<Deadlock> deadlocks = new ArrayList<>(cycles);
            for (int i = 0; i < cycles; i++) {
                int stepCount = in.getInt();
                List<Deadlock.Step> steps = new ArrayList<>(stepCount);
                for (int s = 0; s < stepCount; s++) {
                    steps.add(new Deadlock.Step(string(), edge()));
                }
                deadlocks.add(new Deadlock(steps, strings().stream().map(Deadlock.Advice::valueOf).toList()));
            }
            return new Snapshot(vm, takenAt, tasks, deadlocks, strings());
        }

        private Task task() throws IOException {
            String id = string();
            TaskKind kind = TaskKind.fromLabel(string());
            String name = string();
            TaskState state = new TaskState(TaskState.Phase.valueOf(string()), string());
            String parent = string();
            int frameCount = in.getInt();
            List<Frame> frames = new ArrayList<>(frameCount);
            for (int i = 0; i < frameCount; i++) {
                String function = string();
                String file = string();
                int line = in.getInt();
                int variableCount = in.getInt();
                List<Variable> variables = new ArrayList<>(variableCount);
                for (int v = 0; v < variableCount; v++) {
                    variables.add(new Variable(string(), string(), value()));
                }
                frames.add(new Frame(function, file, line, variables, string()));
            }
            int waitCount = in.getInt();
            List<WaitEdge> waits = new ArrayList<>(waitCount);
            for (int i = 0; i < waitCount; i++) {
                waits.add(edge());
            }
            int holdCount = in.getInt();
            List<Resource> holds = new ArrayList<>(holdCount);
            for (int i = 0; i < holdCount; i++) {
                holds.add(resource());
            }
            List<String> waitedBy = strings();
            int factCount = in.getInt();
            List<Fact> facts = new ArrayList<>(factCount);
            for (int i = 0; i < factCount; i++) {
                facts.add(new Fact(Fact.Kind.fromLabel(string()), string()));
            }
            long inState = in.getLong();
            boolean exact = in.get() != 0;
            return new Task(id, kind, name, state, parent, frames, waits, holds, waitedBy, facts,
                    inState < 0 ? null : new TimeInState(inState, exact));
        }

        Recording recording() throws IOException {
            long started = in.getLong();
            long ended = in.getLong();
            int capacity = in.getInt();
            long dropped = in.getLong();
            int count = in.getInt();
            TimelineEvent.Kind[] kinds = TimelineEvent.Kind.values();
            List<TimelineEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                events.add(new TimelineEvent(in.getLong(), string(), kinds[in.get()], string(), in.getInt(), string(),
                        in.getLong(), string()));
            }
            int threadCount = in.getInt();
            List<Recording.ThreadSince> threads = new ArrayList<>(threadCount);
            for (int i = 0; i < threadCount; i++) {
                threads.add(new Recording.ThreadSince(string(), TaskState.Phase.valueOf(string()), in.getLong(), in.get() != 0));
            }
            return new Recording(started, ended, capacity, dropped, events, threads, strings());
        }

        private WaitEdge edge() throws IOException {
            return new WaitEdge(WaitEdge.Kind.fromLabel(string()), string(), resource(), string());
        }

        private Resource resource() throws IOException {
            return (in.get() != 0) ? new Resource(string(), string(), string()) : null;
        }

        private Value value() throws IOException {
            return switch (in.get()) {
                case 1 -> new Value.Primitive(string(), string());
                case 2 -> new Value.Text(string(), (in.get() != 0));
                case 3 -> new Value.EnumConstant(string(), string());
                case 4 -> {
                    String type = string();
                    int count = in.getInt();
                    List<Value.NamedValue> fields = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        fields.add(new Value.NamedValue(string(), value()));
                    }
                    yield new Value.Composite(type, fields);
                }
                case 5 -> {
                    String type = string();
                    int size = in.getInt();
                    int count = in.getInt();
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
            int count = in.getInt();
            List<String> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(string());
            }
            return values;
        }

        private String string() throws IOException {
            int number = in.getInt();
            if (number < 0) {
                return null;
            }
            if (number < strings.size()) {
                return strings.get(number);
            }
            String value = in.utf8(in.getInt());
            strings.add(value);
            return value;
        }
    }
}
