package dev.asyncinspect.cli;

import dev.asyncinspect.attach.StartupRecordings;
import dev.asyncinspect.record.Recorder;
import dev.asyncinspect.repl.DurationConverter;
import dev.asyncinspect.repl.RecordingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run a build or test command and find the test that hangs in it.",
                "Every JVM the command starts (Surefire and Failsafe forks, Gradle",
                "workers, the JVMs they start) records from its start: the agent",
                "rides on JAVA_TOOL_OPTIONS. A test running longer than --timeout,",
                "or a JVM running no test where nothing moved for that long, is",
                "reported: its stuck suspension point, what it waits for and for",
                "how long, down to the root cause; its trace is written."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"n:the command's own, when nothing hung", "1:the tool failed", "2:bad usage",
                "3:a deadlock (with --fail-on-deadlock)", "4:a hang (with --fail-on-hang)"})
final class TestCommand implements Callable<Integer> {

    static final int DEADLOCK = 3;
    static final int HANG = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A test running longer than this has hung (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--fail-on-hang", description = "End a hung JVM's process tree and exit 4.")
    boolean failOnHang;

    @Option(names = "--fail-on-deadlock", description = "End a deadlocked JVM's process tree as soon as it is seen, exit 3.")
    boolean failOnDeadlock;

    @Option(names = "--trace", defaultValue = "async-inspect-trace.json", paramLabel = "FILE",
            description = "Where a hang's snapshot and recording go, in the JSON schema (default: ${DEFAULT-VALUE});"
                    + " a Chrome trace is written beside it.")
    Path trace;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write hangs as failed test cases in JUnit XML.")
    Path junitXml;

    @Mixin
    RecordingOptions recording;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and its arguments, after --.")
    List<String> command;

    @Override
    public Integer call() throws InterruptedException {
        if (command == null || command.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no command to run: async-inspect test [OPTIONS] -- COMMAND [ARGS...]");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive");
        }
        Recorder.Settings settings;
        try {
            settings = recording.settings();
        } catch (IllegalArgumentException outOfRange) {
            throw new ParameterException(spec.commandLine(), outOfRange.getMessage());
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--jfr-threshold")) {
            // JFR's stream costs each JVM a second or two of CPU: a suite's threads are timed by sampling unless asked.
            settings = new Recorder.Settings(settings.capacity(), Recorder.Settings.NO_THREAD_WAITS);
        }
        try (StartupRecordings recordings = StartupRecordings.open(settings)) {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            Map<String, String> environment = builder.environment();
            String theirs = environment.get("JAVA_TOOL_OPTIONS");
            environment.put("JAVA_TOOL_OPTIONS", recordings.javaAgentOption() + (theirs == null || theirs.isBlank() ? "" : " " + theirs));
            Process process;
            try {
                process = builder.start();
            } catch (IOException notThere) {
                throw new ParameterException(spec.commandLine(), "cannot run '" + command.get(0) + "': "
                        + (notThere.getMessage().contains("No such file or directory") ? "no such command" : notThere.getMessage()));
            }
            // Ctrl-C reaches the command through the terminal; the recordings end with the tool, and a kill -9 leaves
            // the lease to end them.
            Thread endRecordings = new Thread(recordings::close, "async-inspect-stop");
            Runtime.getRuntime().addShutdownHook(endRecordings);
            BuildWatch.Verdict verdict = new BuildWatch(process, recordings, new BuildWatch.Settings(timeout, failOnHang,
                    failOnDeadlock, trace, junitXml, "true".equals(System.getenv("GITHUB_ACTIONS"))),
                    spec.commandLine().getOut(), spec.commandLine().getErr()).run();
            int own = process.waitFor();
            Runtime.getRuntime().removeShutdownHook(endRecordings);
            return switch (verdict) {
                case DEADLOCKED -> DEADLOCK;
                case HUNG -> failOnHang ? HANG : own;
                case PASSED -> own;
            };
        }
    }
}
