package dev.asyncinspect.cli;

import dev.asyncinspect.attach.LaunchedTarget;
import dev.asyncinspect.attach.TargetLauncher;
import dev.asyncinspect.attach.AgentRecorder;
import dev.asyncinspect.attach.AgentSource;
import dev.asyncinspect.jdi.JdiTarget;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start a Java program with JDWP on a loopback port, attach, and open the REPL.",
                "Quitting stops the program it started. Example: async-inspect run -- java -cp app.jar com.example.Main"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Mixin
    ReplOptions repl;

    @Option(names = "--settle", paramLabel = "MILLIS", defaultValue = "0",
            description = "Wait this long after start before the first snapshot (default: ${DEFAULT-VALUE}).")
    long settleMillis;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The Java command line, after --.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        LaunchedTarget launched = new TargetLauncher().launch(command, System.out, System.err);
        try (JdiTarget target = JdiTarget.attach(launched.endpoint().host(), launched.endpoint().port(),
                launched.process().pid(), command.get(command.size() - 1), AgentSource.open(launched.process().pid())::identityHashes)) {
            Thread.sleep(settleMillis);
            return repl.converse(new Connection(target, target, AgentRecorder.open(launched.process().pid())), spec, main.debug);
        } finally {
            launched.process().destroy();
        }
    }
}
