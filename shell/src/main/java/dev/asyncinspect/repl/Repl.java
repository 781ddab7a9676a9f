package dev.asyncinspect.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jline.console.impl.SystemRegistryImpl;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.shell.jline3.PicocliCommands;

/**
 * Reads commands from a person at a terminal (JLine: history, completion, Ctrl-C back to the
 * prompt, Ctrl-D to leave), from a piped script, or from {@code --exec}, and runs each through
 * the one picocli command tree. A failing command prints one line and the session carries on.
 */
public final class Repl {

    private final Session session;
    private final CommandLine commands;
    private final PrintWriter err;
    private final boolean debug;
    private final DefaultParser parser = new DefaultParser();
    private int failures;
    private String firstFailed;

    public Repl(Session session, PrintWriter out, PrintWriter err, boolean debug) {
        this.session = session;
        this.err = err;
        this.debug = debug;
        this.commands = ReplCommands.create(session);
        commands.setOut(out);
        commands.setErr(err);
        commands.setParameterExceptionHandler((e, args) -> {
            boolean unknownCommand = e instanceof CommandLine.UnmatchedArgumentException
                    && e.getCommandLine() == commands && args.length > 0;
            err.println("error: " + (unknownCommand ? "unknown command '" + args[0] + "'"
                    : e.getMessage().lines().findFirst().orElse("")) + " (try help)");
            err.flush();
            return 2;
        });
        commands.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("error: " + oneLine(e));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
    }

    /** Runs commands given up front; any failed one makes the exit code 1. */
    public int runAll(List<String> lines) {
        for (String line : lines) {
            execute(line);
            if (session.quitting()) {
                break;
            }
        }
        return verdict();
    }

    /** A scripted session: commands line by line until quit or end of input; any failed one makes the exit code 1. */
    public int runScript(BufferedReader in) throws IOException {
        String line;
        while (!session.quitting() && (line = in.readLine()) != null) {
            execute(line);
        }
        return verdict();
    }

    /** A script goes on past a failed command, as a person would, but its caller learns that one did. */
    private int verdict() {
        if (failures == 0) {
            return 0;
        }
        err.println("async-inspect: " + (failures == 1 ? "1 command" : failures + " commands") + " failed, the first: "
                + firstFailed);
        err.flush();
        return 1;
    }

    public int runTerminal() throws IOException {
        session.interactive(true);
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            Thread prompt = Thread.currentThread();
            // Ctrl-C while a command waits (continue, top) interrupts it and returns to the prompt.
            terminal.handle(Terminal.Signal.INT, signal -> prompt.interrupt());
            commands.setOut(terminal.writer());
            PicocliCommands completion = new PicocliCommands(commands);
            SystemRegistryImpl registry = new SystemRegistryImpl(parser, terminal, () -> Path.of("."), null);
            registry.setCommandRegistries(completion);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                    .completer(new AggregateCompleter(registry.completer(), new ParameterCompleter(commands)))
                    .parser(parser).variable(LineReader.HISTORY_FILE, null).build();
            terminal.writer().println("async-inspect: type help for commands, quit to leave (the target runs on)");
            while (!session.quitting()) {
                try {
                    execute(reader.readLine("async-inspect> "));
                } catch (UserInterruptException ctrlC) {
                    // Back to the prompt.
                } catch (EndOfFileException ctrlD) {
                    break;
                }
            }
        }
        return 0;
    }

    /** One input line; {@code ;} separates several commands. */
    public void execute(String line) {
        for (String command : line.split(";")) {
            if (command.isBlank() || command.strip().startsWith("#")) {
                continue;
            }
            List<String> words;
            try {
                words = parser.parse(command.strip(), 0).words();
            } catch (RuntimeException e) {
                err.println("error: cannot read '" + command.strip() + "': " + oneLine(e));
                err.flush();
                failed(command);
                continue;
            }
            int status = commands.execute(words.stream().filter(w -> !w.isEmpty()).toArray(String[]::new));
            if (status != 0) {
                failed(command);
            }
            if (session.quitting()) {
                return;
            }
        }
    }

    private void failed(String command) {
        if (failures++ == 0) {
            firstFailed = command.strip();
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
