package dev.asyncinspect.attach;

import dev.asyncinspect.agent.AgentOptions;
import dev.asyncinspect.agent.AgentEntry;
import dev.asyncinspect.agent.InTargetSnapshot;
import dev.asyncinspect.agent.boot.AgentMain;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.source.SnapshotFile;
import dev.asyncinspect.source.SnapshotSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Snapshots taken by the agent inside the target: no JDWP, no startup flags. Each snapshot loads
 * the agent through the Attach API (the target keeps what it loaded the first time), reads the
 * answer it writes into a fresh 0700 directory while it is being written, and deletes it. Nothing stays running
 * in the target between snapshots, so there is nothing to undo on close.
 */
public final class AgentSource implements SnapshotSource {

    private final long pid;
    private final AgentJars jars;
    private VmInfo vmInfo;

    private AgentSource(long pid, AgentJars jars) {
        this.pid = pid;
        this.jars = jars;
    }

    /** Checks the process as for JDWP (exists, same user, a JVM) and installs the agent's jars. */
    public static AgentSource open(long pid) {
        ProcessChecks.check(pid);
        return new AgentSource(pid, AgentJars.install());
    }

    @Override
    public VmInfo vmInfo() {
        return vmInfo != null ? vmInfo : new VmInfo(pid, null, null, null, "agent");
    }

    @Override
    public Snapshot snapshot(ValueReader.Limits limits, Progress progress) {
        progress.update("agent snapshot", 0, 0);
        Path answer = null;
        try {
            answer = jars.answerDirectory();
            try (GrowingAnswer growing = new GrowingAnswer(answer.resolve(InTargetSnapshot.SNAPSHOT))) {
                FutureTask<Snapshot> reading = new FutureTask<>(() -> SnapshotFile.read(growing));
                Thread reader = new Thread(reading, "async-inspect-answer");
                reader.setDaemon(true);
                reader.start();
                try (AttachedVm vm = attach(pid)) {
                    vm.loadAgent(jars.boot(), AgentOptions.format(jars.payload(), answer, jars.natives(), limits));
                } finally {
                    growing.agentReturned();
                }
                Path error = answer.resolve(AgentEntry.ERROR);
                if (Files.exists(error)) {
                    String trace = Files.readString(error, StandardCharsets.UTF_8);
                    throw new AgentFailure("the agent failed inside pid " + pid + ": "
                            + trace.lines().findFirst().orElse("no reason given"), trace);
                }
                if (!growing.appeared()) {
                    throw new AttachException("the agent in pid " + pid + " returned without an answer");
                }
                Snapshot taken = answerOf(reading);
                vmInfo = taken.vm();
                return taken;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's snapshot: " + e.getMessage(), e);
        } finally {
            if (answer != null) {
                AgentJars.deleteAnswer(answer);
            }
        }
    }

    /**
     * Asks the agent's boot class for the identity hash codes of the objects a JDWP connection handed it
     * (see its {@code hashesAskedFor}): how objects read through JDWP get the ids the agent gives them.
     */
    public void identityHashes() {
        try (AttachedVm vm = attach(pid)) {
            vm.loadAgent(jars.boot(), AgentMain.IDENTITY_HASHES);
        }
    }

    private static Snapshot answerOf(FutureTask<Snapshot> reading) throws IOException {
        try {
            return reading.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("reading the agent's answer failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the agent's answer", e);
        }
    }

    /** Every request attaches anew: the target may have exited since the last one. */
    static AttachedVm attach(long pid) {
        try {
            return AttachedVm.attach(pid);
        } catch (AttachException e) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw e;
            }
            throw new AttachException("the target (pid " + pid + ") exited");
        }
    }

    @Override
    public void close() {
        // Nothing runs in the target between snapshots.
    }

    /** A failure inside the target, with the agent's own trace for {@code --debug}. */
    public static final class AgentFailure extends AttachException {
        private final String trace;

        AgentFailure(String message, String trace) {
            super(message);
            this.trace = trace;
        }

        public String trace() {
            return trace;
        }
    }
}
