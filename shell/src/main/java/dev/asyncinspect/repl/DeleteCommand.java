package dev.asyncinspect.repl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Remove a breakpoint.")
final class DeleteCommand implements Callable<Integer> {

    private final Session session;

    @Parameters(paramLabel = "N", description = "The breakpoint's number (see breaks).")
    int number;

    DeleteCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.control().delete(number);
        return 0;
    }
}
