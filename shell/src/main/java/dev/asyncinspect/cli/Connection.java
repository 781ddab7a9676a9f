package dev.asyncinspect.cli;

import dev.asyncinspect.attach.AgentRecorder;
import dev.asyncinspect.attach.AgentRefusedException;
import dev.asyncinspect.attach.AgentSource;
import dev.asyncinspect.attach.JdwpEndpoint;
import dev.asyncinspect.attach.JdwpLocator;
import dev.asyncinspect.attach.JvmDirectory;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.jdi.JdiTarget;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.record.Recorder;
import dev.asyncinspect.source.SnapshotSource;
import java.util.function.Supplier;

/**
 * A running JVM as the commands use it: where snapshots come from, and JDWP for breakpoints and
 * stepping when the target has it. Snapshots take the agent, the faster path, wherever it loads
 * (task ids are identity hashes on both paths, so an id means one object to both); a session keeps
 * JDWP for breakpoints, stepping and the looks only it can take. {@code --via jdwp} reads through JDWP only.
 *
 * @param control  the JDWP connection, or null when the target has none (the session is read-only)
 * @param recorder the recorder inside the target (through the agent), or null for a heap dump
 */
record Connection(SnapshotSource snapshots, JdiTarget control, Recorder recorder) implements AutoCloseable {

    /** A heap dump: one moment, nothing to control or record. */
    Connection(SnapshotSource snapshots) {
        this(snapshots, null, null);
    }

    /** Which path snapshots take. */
    enum Via { auto, agent, jdwp }

    /** For one snapshot: no control is kept. */
    static Connection forDump(long pid, Via via) {
        if (via != Via.auto) {
            return open(pid, via);
        }
        AgentSource agent = AgentSource.open(pid);
        return new Connection(new AgentFirst(agent, () -> jdwp(pid), true), null, AgentRecorder.open(pid));
    }

    static Connection open(long pid, Via via) {
        return switch (via) {
            case jdwp -> {
                JdiTarget jdi = jdwp(pid);
                yield new Connection(jdi, jdi, AgentRecorder.open(pid));
            }
            case agent -> new Connection(AgentSource.open(pid), null, AgentRecorder.open(pid));
            case auto -> {
                JdiTarget jdi;
                try {
                    jdi = jdwp(pid);
                } catch (JdwpLocator.NoJdwpException none) {
                    yield new Connection(AgentSource.open(pid), null, AgentRecorder.open(pid));
                }
                // Where the agent is refused, JDWP answers; its ids are then its own (see TaskNumbers).
                yield new Connection(new AgentFirst(AgentSource.open(pid), () -> jdi, false), jdi, AgentRecorder.open(pid));
            }
        };
    }

    private static JdiTarget jdwp(long pid) {
        JdwpEndpoint endpoint = new JdwpLocator().locate(pid);
        String mainClass = new JvmDirectory().describe(pid).mainClass();
        return JdiTarget.attach(endpoint.host(), endpoint.port(), pid, mainClass, AgentSource.open(pid)::identityHashes);
    }

    @Override
    public void close() {
        if (recorder != null) {
            recorder.close();
        }
        snapshots.close();
        if (control != null) {
            control.close();
        }
    }

    /** The agent while the target accepts it; JDWP (connected on demand) from the first refusal on. */
    private static final class AgentFirst implements SnapshotSource {
        private final AgentSource agent;
        private final Supplier<JdiTarget> connect;
        private final boolean ownsJdwp;
        private JdiTarget jdi;

        /** @param ownsJdwp whether the JDWP connection is this source's to close (else the session's control) */
        AgentFirst(AgentSource agent, Supplier<JdiTarget> connect, boolean ownsJdwp) {
            this.agent = agent;
            this.connect = connect;
            this.ownsJdwp = ownsJdwp;
        }

        @Override
        public VmInfo vmInfo() {
            return jdi != null ? jdi.vmInfo() : agent.vmInfo();
        }

        @Override
        public Snapshot snapshot(ValueReader.Limits limits, Progress progress) {
            if (jdi == null) {
                try {
                    return agent.snapshot(limits, progress);
                } catch (AgentRefusedException refused) {
                    try {
                        jdi = connect.get();
                    } catch (JdwpLocator.NoJdwpException none) {
                        throw refused;
                    }
                }
            }
            return jdi.snapshot(limits, progress);
        }

        @Override
        public void close() {
            agent.close();
            if (jdi != null && ownsJdwp) {
                jdi.close();
            }
        }
    }
}
