package dev.asyncinspect.repl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The REPL's command tree; each command is its own class, picocli gives parsing, help and completion. */
@Command(name = "", description = "async-inspect commands",
        subcommands = {TasksCommand.class, TaskCommand.class, ThreadsCommand.class, TreeCommand.class,
                DeadlocksCommand.class, GraphCommand.class, WhyCommand.class, ExportCommand.class,
                BreakCommand.class, BreaksCommand.class, DeleteCommand.class, ContinueCommand.class, StepCommand.class,
                FinishCommand.class, VarsCommand.class, RecordCommand.class, TimelineCommand.class, StatsCommand.class,
                TopCommand.class, RefreshCommand.class,
                QuitCommand.class, CommandLine.HelpCommand.class})
public final class ReplCommands implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the tree with the session injected into every command that asks for it. */
    public static CommandLine create(Session session) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                try {
                    return type.getDeclaredConstructor(Session.class).newInstance(session);
                } catch (NoSuchMethodException noSession) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
        };
        return new CommandLine(new ReplCommands(), factory).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
