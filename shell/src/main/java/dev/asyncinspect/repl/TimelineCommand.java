package dev.asyncinspect.repl;

import dev.asyncinspect.analysis.SuspensionSteps;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.text.Durations;
import dev.asyncinspect.text.ValueText;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "timeline", description = {"Show recorded events, of one task or all: coroutines created, resumed,",
        "suspended and completed; futures completed; threads' waits. For a coroutine, first its",
        "suspension points: how often and how long it waited at each, and where it waits now."})
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
        Recording recording = session.recording();
        List<TimelineEvent> events = recording.events().stream()
                .filter(e -> id == null || id.equalsIgnoreCase(e.taskId())).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (recording.startedNanos() == 0) {
            out.println("nothing recorded (record start, let it run, record stop)");
            out.flush();
            return 0;
        }
        if (recording.dropped() > 0) {
            out.printf("(%d older events were dropped; the oldest shown is complete from there on)%n", recording.dropped());
        }
        if (id != null && TaskIds.isCoroutine(id)) {
            steps(out, SuspensionSteps.of(id, recording.events()), recording);
        }
        if (events.isEmpty()) {
            out.println("no events recorded" + (id == null ? "" : " for " + id));
        }
        long origin = recording.startedNanos();
        for (TimelineEvent event : events.subList(Math.max(0, events.size() - limit), events.size())) {
            out.printf("%10.3f ms  %-12s %-26s %s%s%n", (event.nanos() - origin) / 1e6,
                    event.taskId() == null ? "?" : event.taskId(), what(event), event.function() == null ? "" : event.function(),
                    event.location() == null ? "" : "  " + event.location());
        }
        out.flush();
        return 0;
    }

    private void steps(PrintWriter out, SuspensionSteps.Steps steps, Recording recording) {
        out.printf("%s: resumed %d times while recorded%n", steps.taskId(), steps.resumes());
        long now = recording.recording() ? System.nanoTime() : recording.endedNanos();
        for (SuspensionSteps.Step step : steps.steps()) {
            String passed = step.passed() == 0 ? "" : String.format("passed %d×, %s on average", step.passed(),
                    Durations.text(step.waitedNanos() / step.passed()));
            String stuck = step.waitingNow() ? "◄── STUCK " + Durations.text(now - step.waitingSince()) : "";
            out.printf("  %-44s state %-3d %-22s %s%s%n", step.function(), step.state(),
                    step.location() == null ? "" : step.location(), passed, (passed.isEmpty() ? "" : "  ") + stuck);
        }
    }

    private static String what(TimelineEvent event) {
        return switch (event.kind()) {
            case CREATED -> "created " + on(event);
            case RESUMED -> event.state() == 0 ? "started" : "resumed from state " + event.state();
            case SUSPENDED -> "suspended at state " + event.state();
            case COMPLETED -> "completed";
            case FUTURE_COMPLETED -> "completed " + event.detail();
            case BLOCKED -> "blocked on " + on(event);
            case PARKED -> "parked" + (event.detail() == null ? "" : " on " + on(event));
            case WAITED -> "waited on " + on(event);
            case SLEPT -> "slept";
            case PINNED -> "pinned";
            case UNBLOCKED -> "runs again";
        };
    }

    private static String on(TimelineEvent event) {
        return event.detail() == null ? "?" : ValueText.simple(event.detail());
    }
}
