package dev.asyncinspect.repl;

import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.text.ValueText;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "timeline", description = {"Show recorded events, of one task or all: state machines started, resumed,",
        "suspended and completed; futures completed; threads blocked on monitors."})
final class TimelineCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID")
    String id;

    @Option(names = "--limit", defaultValue = "50", description = "Show the last this many (default: ${DEFAULT-VALUE}).")
    int limit;

    TimelineCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<TimelineEvent> events = session.control().timeline().stream()
                .filter(e -> id == null || id.equalsIgnoreCase(e.taskId())).toList();
        var out = spec.commandLine().getOut();
        if (events.isEmpty()) {
            out.println("no events recorded" + (id == null ? " (record start, let it run, record stop)" : " for " + id));
        }
        long origin = events.isEmpty() ? 0 : events.get(0).nanos();
        for (TimelineEvent event : events.subList(Math.max(0, events.size() - limit), events.size())) {
            String what = switch (event.kind()) {
                case RESUMED -> event.state() == 0 ? "started" : "resumed from state " + event.state();
                case SUSPENDED -> "suspended at state " + event.state();
                case COMPLETED -> "completed";
                case FUTURE_COMPLETED -> "completed " + event.detail();
                case BLOCKED -> "blocked on " + ValueText.simple(event.detail());
                case UNBLOCKED -> "unblocked";
            };
            out.printf("%10.3f ms  %-8s %-24s %s%s%n", (event.nanos() - origin) / 1e6,
                    event.taskId() == null ? "?" : event.taskId(), what, event.function() == null ? "" : event.function(),
                    event.location() == null ? "" : "  " + event.location());
        }
        out.flush();
        return 0;
    }
}
