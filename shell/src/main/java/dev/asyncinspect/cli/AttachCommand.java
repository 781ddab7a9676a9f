package dev.asyncinspect.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Open the REPL on a running JVM, or read-only on a heap dump.",
                "Reads commands from stdin when it is not a terminal; --exec runs commands and exits."})
final class AttachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetChoice target;

    @Option(names = "--via", defaultValue = "auto", description = "How to take snapshots: ${COMPLETION-CANDIDATES}"
            + " (default: ${DEFAULT-VALUE}: snapshots through the agent, plus JDWP when the target has it, for breakpoints,"
            + " stepping and the looks taken while they are set; jdwp: everything through JDWP; agent: read-only).")
    Connection.Via via;

    @Mixin
    ReplOptions repl;

    @Override
    public Integer call() throws Exception {
        try (Connection connection = target.open(spec.commandLine().getErr(), via)) {
            return repl.converse(connection, spec, main.debug);
        }
    }
}
