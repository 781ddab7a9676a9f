package dev.asyncinspect.cli;

import dev.asyncinspect.attach.ProcessFacts;
import dev.asyncinspect.jdi.JdiControl;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.repl.Repl;
import dev.asyncinspect.repl.Session;
import dev.asyncinspect.source.SnapshotSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How a command that opens a session talks to the user: --exec, a piped script, or a terminal REPL. */
final class ReplOptions {

    @Option(names = "--exec", paramLabel = "COMMANDS",
            description = "Run these commands, separated by ';' (e.g. \"tasks; threads\"), and exit.")
    String exec;

    /** A session on a live target: snapshots, and breakpoints when it has JDWP. */
    int converse(Connection target, CommandSpec spec, boolean debug) throws Exception {
        if (target.control() == null) {
            return converse(target.snapshots(), spec, debug);
        }
        try (JdiControl control = new JdiControl(target.control(), ValueReader.Limits.DEFAULT)) {
            return converse(new Session(() -> Targets.snapshot(target.snapshots(), spec.commandLine().getErr()), control),
                    spec, debug);
        }
    }

    /** A read-only session: snapshots only (the agent without JDWP, a heap dump). */
    int converse(SnapshotSource source, CommandSpec spec, boolean debug) throws Exception {
        return converse(new Session(() -> Targets.snapshot(source, spec.commandLine().getErr()), null), spec, debug);
    }

    private int converse(Session session, CommandSpec spec, boolean debug) throws Exception {
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
