package dev.asyncinspect.repl;

import dev.asyncinspect.control.BreakTarget;
import dev.asyncinspect.control.Breakpoint;
import dev.asyncinspect.control.Condition;
import dev.asyncinspect.control.Suspend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "break", description = {"Stop when a state machine changes state, at a line, or at a task's transitions.",
        "  break refill              each start and resume of refill; a method's entry",
        "  break refill state 2      only resumptions from suspension point 2 (state 0: only calls)",
        "  break Pump.kt:14          at a line",
        "  break task c12            coroutine c12 resuming, then suspending/completing;",
        "                            future f40: its pending stage running, completing",
        "  break complete f40        future f40 completing, with its value or exception",
        "  break refill if n > 3     only when the condition holds (== != > >= < <=)"})
final class BreakCommand implements Callable<Integer> {

    private static final Pattern LINE = Pattern.compile("(.+\\.(?:kt|java)):(\\d+)");

    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHERE", completionCandidates = FunctionNames.class,
            description = "FUNCTION [state K] | FILE:LINE | task ID | complete FUTURE-ID")
    String first;

    @Parameters(index = "1..*", paramLabel = "MORE", description = "then optionally: if NAME OP VALUE")
    List<String> more = new ArrayList<>();

    @Option(names = "--suspend", paramLabel = "thread|all", defaultValue = "thread",
            description = "What a stop holds: the stopping thread, so the app keeps serving (default), or the whole VM.")
    Suspend suspend;

    BreakCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<String> words = new ArrayList<>(List.of(first));
        words.addAll(more);
        int conditionAt = words.indexOf("if");
        List<String> where = conditionAt < 0 ? words : words.subList(0, conditionAt);
        Condition condition = conditionAt < 0 ? null : condition(String.join(" ", words.subList(conditionAt + 1, words.size())));
        Breakpoint breakpoint = session.control().add(target(where), condition, suspend);
        spec.commandLine().getOut().printf("breakpoint %d: %s (%d location%s%s)%n", breakpoint.number(), breakpoint.describe(),
                breakpoint.locations(), breakpoint.locations() == 1 ? "" : "s",
                suspend == Suspend.ALL ? ", suspends all" : "");
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static BreakTarget target(List<String> where) {
        Matcher line = LINE.matcher(where.get(0));
        if (where.size() == 1 && line.matches()) {
            return new BreakTarget.SourceLine(line.group(1), Integer.parseInt(line.group(2)));
        }
        if (where.size() == 2 && where.get(0).equals("task")) {
            return new BreakTarget.Task(where.get(1));
        }
        if (where.size() == 2 && where.get(0).equals("complete")) {
            return new BreakTarget.Completion(where.get(1));
        }
        if (where.size() == 1) {
            return new BreakTarget.Function(where.get(0), null);
        }
        if (where.size() == 3 && where.get(1).equals("state") && where.get(2).matches("\\d+")) {
            return new BreakTarget.Function(where.get(0), Integer.parseInt(where.get(2)));
        }
        throw new ReplException("break FUNCTION [state K] | FILE:LINE | task ID | complete FUTURE-ID, then [if CONDITION]");
    }

    private static Condition condition(String text) {
        try {
            return Condition.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ReplException(e.getMessage());
        }
    }
}
