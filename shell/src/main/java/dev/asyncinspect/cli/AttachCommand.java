package dev.asyncinspect.cli;

import dev.asyncinspect.attach.ProcessFacts;
import dev.asyncinspect.jdi.JdiTarget;
import dev.asyncinspect.recognize.ValueReader;
import dev.asyncinspect.repl.Repl;
import dev.asyncinspect.repl.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Open the REPL on a running JVM.",
                "Reads commands from stdin when it is not a terminal; --exec runs commands and exits."})
final class AttachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Option(names = "--pid", required = true, description = "The target JVM's process id.")
    long pid;

    @Option(names = "--exec", paramLabel = "COMMANDS", description = "Commands separated by ';', e.g. \"tasks; threads\".")
    String exec;

    @Override
    public Integer call() throws Exception {
        try (JdiTarget target = Targets.open(pid)) {
            return converse(new Session(() -> target.snapshot(ValueReader.Limits.DEFAULT)), exec, spec, main.debug);
        }
    }

    /** The REPL over one session, in whichever of its three modes the invocation asks for. */
    static int converse(Session session, String exec, CommandSpec spec, boolean debug) throws Exception {
        Repl repl = new Repl(session, spec.commandLine().getOut(), spec.commandLine().getErr(), debug);
        if (exec != null) {
            return repl.runAll(List.of(exec));
        }
        if (new ProcessFacts().stdinIsTerminal()) {
            return repl.runTerminal();
        }
        return repl.runScript(new BufferedReader(new InputStreamReader(System.in)));
    }
}
