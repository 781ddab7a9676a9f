package dev.asyncinspect.repl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "quit", aliases = {"exit", "detach"},
        description = {"Detach and leave: breakpoints and recording are removed, what a stop holds",
                "is resumed, and the target runs on."})
final class QuitCommand implements Callable<Integer> {

    private final Session session;

    QuitCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.quit();
        return 0;
    }
}
