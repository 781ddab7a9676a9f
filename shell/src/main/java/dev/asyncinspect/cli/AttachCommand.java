package dev.asyncinspect.cli;

import dev.asyncinspect.jdi.JdiTarget;
import dev.asyncinspect.source.SnapshotSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    ReplOptions repl;

    @Override
    public Integer call() throws Exception {
        if (target.heap != null) {
            try (SnapshotSource dump = target.open(spec.commandLine().getErr())) {
                return repl.converse(dump, spec, main.debug);   // read-only: no JDWP, no control
            }
        }
        try (JdiTarget live = Targets.open(target.pid)) {
            return repl.converse(live, spec, main.debug);
        }
    }
}
