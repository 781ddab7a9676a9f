package dev.asyncinspect.repl;

import dev.asyncinspect.control.Breakpoint;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "breaks", description = "List breakpoints.")
final class BreaksCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    BreaksCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (session.control().breakpoints().isEmpty()) {
            out.println("no breakpoints");
        }
        for (Breakpoint breakpoint : session.control().breakpoints()) {
            out.printf("%d  %s  (suspend %s, %d hits)%n", breakpoint.number(), breakpoint.describe(), breakpoint.suspend(),
                    breakpoint.hits());
        }
        out.flush();
        return 0;
    }
}
