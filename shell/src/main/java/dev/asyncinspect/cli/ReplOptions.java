package dev.asyncinspect.cli;

import dev.asyncinspect.analysis.TimesInState;
import dev.asyncinspect.attach.ProcessFacts;
import dev.asyncinspect.jdi.JdiControl;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.record.Recorder;
import dev.asyncinspect.repl.Repl;
import dev.asyncinspect.repl.Session;
import dev.asyncinspect.source.SnapshotSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How a command that opens a session talks to the user: --exec, a piped script, or a terminal REPL. */
final class ReplOptions {

    @Option(names = "--exec", paramLabel = "COMMANDS",
            description = "Run these commands, separated by ';' (e.g. \"tasks; threads\"), and exit.")
    String exec;

    /**
     * A session on a live target: snapshots, recording through the agent, and breakpoints when it has JDWP.
     * Snapshots through the agent come timed from inside the target; those through JDWP are timed here.
     */
    int converse(Connection target, CommandSpec spec, boolean debug) throws Exception {
        Recorder recorder = target.recorder();
        if (target.control() == null) {
            return converse(new Session(() -> Targets.snapshot(target.snapshots(), spec.commandLine().getErr()), null,
                    recorder), spec, debug);
        }
        try (JdiControl control = new JdiControl(target.control(), ValueReader.Limits.DEFAULT)) {
            Supplier<Snapshot> throughJdwp = () -> timed(Targets.snapshot(target.control(), spec.commandLine().getErr()), recorder);
            if (target.snapshots() == target.control()) {
                return converse(new Session(throughJdwp, control, recorder), spec, debug);
            }
            // The agent cannot answer while JDWP holds every thread, as at a stop or at a breakpoint hit mid-look:
            // with a stop or a breakpoint set, a look goes through JDWP.
            Supplier<Snapshot> look = () -> control.current().isPresent() || !control.breakpoints().isEmpty() ? throughJdwp.get()
                    : timed(Targets.snapshot(target.snapshots(), spec.commandLine().getErr()), recorder);
            return converse(new Session(look, throughJdwp, control, recorder), spec, debug);
        }
    }

    private static Snapshot timed(Snapshot snapshot, Recorder recorder) {
        return recorder == null || !recorder.running() ? snapshot
                : TimesInState.of(snapshot, recorder.recording(), System.nanoTime());
    }

    /** A read-only session on one moment: a heap dump. */
    int converse(SnapshotSource source, CommandSpec spec, boolean debug) throws Exception {
        return converse(new Session(() -> Targets.snapshot(source, spec.commandLine().getErr()), null, null), spec, debug);
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
