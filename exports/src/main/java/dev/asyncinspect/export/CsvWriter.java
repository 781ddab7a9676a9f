package dev.asyncinspect.export;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TimelineEvent.Kind;
import dev.asyncinspect.model.TimelineEvent;
import java.io.PrintWriter;
import java.util.List;

/** Tasks and recorded events as one CSV table; the {@code record} column tells which a row is. */
public final class CsvWriter {

    public void write(Snapshot snapshot, List<TimelineEvent> events, PrintWriter out) {
        out.println("record,id,kind,name,state,function,location,waiting_for,time_ms");
        for (Task task : snapshot.tasks()) {
            Frame focus = task.focusFrame();
            row(out, "task", task.id(), task.kind().label(), task.name(), task.state().label(),
                    focus == null ? "" : focus.function(), focus == null ? "" : focus.location(),
                    task.waitingFor().isEmpty() ? "" : task.waitingFor().get(0).description(), "");
        }
        long origin = events.isEmpty() ? 0 : events.get(0).nanos();
        for (TimelineEvent event : events) {
            boolean machine = event.kind() == Kind.RESUMED || event.kind() == Kind.SUSPENDED || event.kind() == Kind.COMPLETED;
            boolean thread = event.kind().threadWait() || event.kind() == Kind.UNBLOCKED;
            // A state machine's state; how a future completed; the monitor a thread waits for.
            row(out, "event", event.taskId() == null ? "" : event.taskId(), event.kind().toString(), "",
                    machine ? "state " + event.state() : thread || event.detail() == null ? "" : event.detail(),
                    event.function() == null ? "" : event.function(), event.location() == null ? "" : event.location(),
                    thread && event.detail() != null ? event.detail() : "", String.format("%.3f", (event.nanos() - origin) / 1e6));
        }
        out.flush();
    }

    private static void row(PrintWriter out, String... cells) {
        StringBuilder line = new StringBuilder();
        for (String cell : cells) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n");
            line.append(quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        out.println(line);
    }
}
