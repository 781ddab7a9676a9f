package dev.asyncinspect.attach;

import dev.asyncinspect.agent.AgentEntry;
import dev.asyncinspect.agent.AgentOptions;
import dev.asyncinspect.agent.AgentOptions.RecorderSettings;
import dev.asyncinspect.agent.AgentOptions.Request;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.record.Recorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recordings that begin with every JVM a command starts: the agent goes on {@code JAVA_TOOL_OPTIONS}
 * (the standard way to reach the JVMs a build forks), records from the JVM's start, and lives by one
 * lease for all of them, so that when the tool ends, killed or not, each recorder removes itself.
 */
public final class StartupRecordings implements AutoCloseable {

    private final AgentJars jars;
    private final Lease lease;
    private final Path errors;
    private final Recorder.Settings settings;
    /** JVMs started without the agent (their launcher cleared the environment), recorded from when they were found. */
    private final Map<Long, AgentRecorder> late = new ConcurrentHashMap<>();

    private StartupRecordings(AgentJars jars, Lease lease, Path errors, Recorder.Settings settings) {
        this.jars = jars;
        this.lease = lease;
        this.errors = errors;
        this.settings = settings;
    }

    public static StartupRecordings open(Recorder.Settings settings) {
        AgentJars jars = AgentJars.install();
        try {
            return new StartupRecordings(jars, new Lease(jars.home()), jars.answerDirectory(), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the recordings: " + e.getMessage(), e);
        }
    }

    /**
     * The option that makes a JVM start recording, for {@code JAVA_TOOL_OPTIONS}; the tool's paths
     * hold no spaces (its private directory under the temporary one), which that variable splits on.
     */
    public String javaAgentOption() {
        String options = AgentOptions.format(Request.RECORD_FROM_START, jars.payload(), errors, jars.natives(),
                new RecorderSettings(settings.capacity(), jars.probes(), lease.file(), Lease.MILLIS,
                        settings.jfrThreshold().toMillis()));
        if (options.contains(" ") || jars.boot().toString().contains(" ")) {
            throw new AttachException("the agent's directory " + jars.home() + " has a space in its path, which"
                    + " JAVA_TOOL_OPTIONS cannot carry (set TMPDIR to a directory without one)");
        }
        return "-javaagent:" + jars.boot() + "=" + options;
    }

    /** Why the JVM's recording did not begin at its start, when it said so. */
    public Optional<String> startupError(long pid) {
        Path error = errors.resolve(AgentEntry.startupError(pid));
        try {
            return Files.exists(error) ? Files.readString(error, StandardCharsets.UTF_8).lines().findFirst() : Optional.empty();
        } catch (IOException unreadable) {
            return Optional.of("its error could not be read: " + unreadable.getMessage());
        }
    }

    /**
     * Makes sure the JVM records: from its start when the agent came with it, else from now, through
     * the agent loaded late.
     *
     * @return what the user should know of how it records: "" when from its start
     */
    public String ensureRecording(long pid) {
        String arguments;
        try (AttachedVm vm = AttachedVm.attach(pid)) {
            arguments = vm.agentProperties().getProperty(AttachedVm.JVM_ARGS, "");
        }
        if (arguments.contains("-javaagent:" + jars.boot())) {
            return startupError(pid).map(error -> "not recorded from its start: " + error).orElse("");
        }
        AgentRecorder recorder = AgentRecorder.open(pid);
        recorder.start(settings);
        late.put(pid, recorder);
        return "recorded from now: it started without the agent";
    }

    /** The JVM's recording so far (it goes on). */
    public Recording read(long pid) {
        AgentRecorder recorder = late.get(pid);
        return recorder != null ? recorder.recording() : AgentRecorder.ask(pid, jars, Request.RECORD_READ, null);
    }

    /** Ends every recording: those begun late now, those begun at their JVM's start when the lease runs out. */
    @Override
    public void close() {
        late.values().forEach(AgentRecorder::close);
        late.clear();
        lease.close();
        AgentJars.deleteAnswer(errors);
    }
}
