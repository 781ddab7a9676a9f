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
 * stepping when the target has it. A one-off look (dump) takes the agent, the faster path; a
 * session that can set breakpoints takes its snapshots through JDWP too, so that a task id means
 * the same object to both (the agent names objects by identity hash, JDWP by its own ids).
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
        return new Connection(new AgentFirst(agent, () -> jdwp(pid)), null, AgentRecorder.open(pid));
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
                yield new Connection(jdi, jdi, AgentRecorder.open(pid));
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
        private JdiTarget jdi;

        AgentFirst(AgentSource agent, Supplier<JdiTarget> connect) {
            this.agent = agent;
            this.connect = connect;
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
            if (jdi != null) {
                jdi.close();
            }
        }
    }
}
