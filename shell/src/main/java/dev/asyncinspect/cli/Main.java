package dev.asyncinspect.cli;

import dev.asyncinspect.attach.AgentSource;
import dev.asyncinspect.attach.AttachException;
import dev.asyncinspect.hprof.HeapDumpException;
import dev.asyncinspect.jdi.TargetException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Dispatches to one command class per verb and decides exit codes in one place. */
@Command(name = "async-inspect", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "X-ray vision for async code on the JVM: threads, virtual threads, futures, coroutines and reactive pipelines of a running JVM.",
        subcommands = {ListCommand.class, AttachCommand.class, RunCommand.class, DumpCommand.class, RecordCommand.class,
                TestCommand.class, ServeCommand.class})
public final class Main implements Runnable {

    /** Exit codes: 0 ok, 1 the target or the attach failed, 2 bad usage, 3 a deadlock when asked to fail on one. */
    static final int FAILED = 1;
    static final int DEADLOCK = 3;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of failures.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("async-inspect: " + oneLine(e));
            if (main.debug) {
                e.printStackTrace(cmd.getErr());
                if (e instanceof AgentSource.AgentFailure failure) {
                    cmd.getErr().println("inside the target:\n" + failure.trace());
                }
            }
            cmd.getErr().flush();
            return FAILED;
        });
        return commandLine;
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean expected = e instanceof AttachException || e instanceof TargetException || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException || e instanceof HeapDumpException;
        String first = message.lines().findFirst().orElse("");
        return expected ? first : first + " (" + e.getClass().getSimpleName() + "; --debug shows more)";
    }
}
