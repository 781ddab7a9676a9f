package dev.asyncinspect.cli;

import dev.asyncinspect.attach.AgentSource;
import dev.asyncinspect.attach.AttachException;
import dev.asyncinspect.hprof.HeapDumpException;
import dev.asyncinspect.jdi.TargetException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Dispatches to one command class per verb and decides exit codes in one place. */
@Command(name = "async-inspect", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "X-ray vision for async code on the JVM: threads, virtual threads, futures, coroutines and reactive pipelines of a running JVM.")
public final class Main implements Runnable {

    /** The commands by name, in the order help lists them. */
    private static final Map<String, Class<?>> COMMANDS = commands(List.of(Map.entry("list", ListCommand.class),
            Map.entry("attach", AttachCommand.class), Map.entry("run", RunCommand.class), Map.entry("dump", DumpCommand.class),
            Map.entry("record", RecordCommand.class), Map.entry("test", TestCommand.class), Map.entry("serve", ServeCommand.class)));

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
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), verb(args)).execute(args));
    }

    /**
     * @param verb the one command to set up, or null for all of them: picocli reads each command's annotations when it is
     *             added, about a tenth of a second for all, so a run of one command builds only that one
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, String verb) {
        Main main = new Main();
        CommandLine commandLine = new CommandLine(main);
        COMMANDS.forEach((name, type) -> {
            if (verb == null || verb.equals(name)) {
                commandLine.addSubcommand(name, type);
            }
        });
        commandLine.setOut(out);
        commandLine.setErr(err);
        // Bad usage is one line and exit 2; the options are a --help away.
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            String help = e.getCommandLine() == commandLine ? "async-inspect --help" : "async-inspect " + e.getCommandLine().getCommandName() + " --help";
            e.getCommandLine().getErr().println(e.getMessage() + " (" + help + " lists the options)");
            e.getCommandLine().getErr().flush();
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
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

    /** The command the arguments name (their first word that is no option), when it is one; else null. */
    static String verb(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return COMMANDS.containsKey(arg) ? arg : null;
            }
        }
        return null;
    }

    /** Names given here, not read from the annotations: that would load every command's class at each start. */
    private static Map<String, Class<?>> commands(List<Map.Entry<String, Class<?>>> byName) {
        Map<String, Class<?>> ordered = new LinkedHashMap<>();
        byName.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean expected = e instanceof AttachException || e instanceof TargetException || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException || e instanceof HeapDumpException;
        String first = message.lines().findFirst().orElse("");
        return expected ? first : first + " (" + e.getClass().getSimpleName() + "; --debug shows more)";
    }
}
