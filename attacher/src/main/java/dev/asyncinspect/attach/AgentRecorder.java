package dev.asyncinspect.attach;

import dev.asyncinspect.agent.AgentEntry;
import dev.asyncinspect.agent.AgentOptions;
import dev.asyncinspect.agent.AgentOptions.RecorderSettings;
import dev.asyncinspect.agent.AgentOptions.Request;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.record.Recorder;
import dev.asyncinspect.source.PrivateFile;
import dev.asyncinspect.source.SnapshotFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recorder inside the target, driven through the agent: no JDWP, no startup flags. While it
 * records, the tool renews a {@link Lease}; a target whose tool stopped renewing it, dead or
 * killed, ends the recording by itself.
 */
public final class AgentRecorder implements Recorder {

    private final long pid;
    private final AgentJars jars;
    private Lease lease;
    private Recording last = Recording.NONE;

    private AgentRecorder(long pid, AgentJars jars) {
        this.pid = pid;
        this.jars = jars;
    }

    public static AgentRecorder open(long pid) {
        ProcessChecks.check(pid);
        return new AgentRecorder(pid, AgentJars.install());
    }

    @Override
    public synchronized void start(Settings settings) {
        if (running()) {
            throw new AttachException("already recording (record stop first)");
        }
        try {
            lease = new Lease(jars.home());
            last = ask(Request.RECORD_START, new RecorderSettings(settings.capacity(), jars.probes(), lease.file(),
                    Lease.MILLIS, settings.jfrThreshold().toMillis()));
        } catch (IOException e) {
            endLease();
            throw new UncheckedIOException("cannot start recording: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            endLease();
            throw e;
        }
    }

    @Override
    public synchronized Recording recording() {
        if (running()) {
            last = ask(Request.RECORD_READ, null);
        }
        return last;
    }

    @Override
    public synchronized Recording stop() {
        if (!running()) {
            throw new AttachException("not recording (record start begins)");
        }
        try {
            last = ask(Request.RECORD_STOP, null);
        } finally {
            endLease();
        }
        return last;
    }

    @Override
    public synchronized boolean running() {
        return lease != null;
    }

    @Override
    public synchronized void close() {
        if (running()) {
            try {
                stop();
            } catch (RuntimeException targetGone) {
                // It ended with the target, or its lease ends it.
            }
        }
    }

    private void endLease() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    private Recording ask(Request request, RecorderSettings settings) {
        return ask(pid, jars, request, settings);
    }

    /** One recorder request through the agent in {@code pid}, and its answer. */
    static Recording ask(long pid, AgentJars jars, Request request, RecorderSettings settings) {
        Path answer = null;
        try {
            answer = jars.answerDirectory();
            try (AttachedVm vm = AgentSource.attach(pid)) {
                vm.loadAgent(jars.boot(), AgentOptions.format(request, jars.payload(), answer, jars.natives(), settings));
            }
            Path error = answer.resolve(AgentEntry.ERROR);
            if (Files.exists(error)) {
                String trace = Files.readString(error, StandardCharsets.UTF_8);
                throw new AgentSource.AgentFailure(trace.lines().findFirst().orElse("the agent failed inside pid " + pid)
                        .replaceFirst("^\\w+(Exception|Error): ", ""), trace);
            }
            Path file = answer.resolve(AgentEntry.RECORDING);
            if (!Files.exists(file)) {
                throw new AttachException("the agent in pid " + pid + " returned without an answer");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return SnapshotFile.readRecording(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's recording: " + e.getMessage(), e);
        } finally {
            if (answer != null) {
                AgentJars.deleteAnswer(answer);
            }
        }
    }
}
