package dev.asyncinspect.cli;

import dev.asyncinspect.attach.AgentRefusedException;
import dev.asyncinspect.attach.AgentSource;
import dev.asyncinspect.attach.JdwpEndpoint;
import dev.asyncinspect.attach.JdwpLocator;
import dev.asyncinspect.attach.JvmDirectory;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.jdi.JdiTarget;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.ValueReader;
import dev.asyncinspect.source.SnapshotSource;

/**
 * A running JVM as the commands use it: where snapshots come from, and JDWP for breakpoints and
 * stepping when the target has it. With both, snapshots take the agent, the faster path.
 *
 * @param control the JDWP connection, or null when the target has none (the session is read-only)
 */
record Connection(SnapshotSource snapshots, JdiTarget control) implements AutoCloseable {

    /** Which path snapshots take. */
    enum Via { auto, agent, jdwp }

    static Connection open(long pid, Via via) {
        return switch (via) {
            case jdwp -> {
                JdiTarget jdi = jdwp(pid);
                yield new Connection(jdi, jdi);
            }
            case agent -> new Connection(AgentSource.open(pid), null);
            case auto -> {
                JdiTarget jdi;
                try {
                    jdi = jdwp(pid);
                } catch (JdwpLocator.NoJdwpException none) {
                    jdi = null;
                }
                yield new Connection(jdi == null ? AgentSource.open(pid) : new AgentFirst(AgentSource.open(pid), jdi), jdi);
            }
        };
    }

    private static JdiTarget jdwp(long pid) {
        JdwpEndpoint endpoint = new JdwpLocator().locate(pid);
        String mainClass = new JvmDirectory().describe(pid).mainClass();
        return JdiTarget.attach(endpoint.host(), endpoint.port(), pid, mainClass);
    }

    @Override
    public void close() {
        snapshots.close();
        if (control != null) {
            control.close();
        }
    }

    /** The agent while the target accepts it; JDWP from the first refusal on. */
    private static final class AgentFirst implements SnapshotSource {
        private final AgentSource agent;
        private final JdiTarget jdi;
        private boolean refused;

        AgentFirst(AgentSource agent, JdiTarget jdi) {
            this.agent = agent;
            this.jdi = jdi;
        }

        @Override
        public VmInfo vmInfo() {
            return refused ? jdi.vmInfo() : agent.vmInfo();
        }

        @Override
        public Snapshot snapshot(ValueReader.Limits limits, Progress progress) {
            if (!refused) {
                try {
                    return agent.snapshot(limits, progress);
                } catch (AgentRefusedException e) {
                    refused = true;
                }
            }
            return jdi.snapshot(limits, progress);
        }

        @Override
        public void close() {
            agent.close();      // the JDWP connection is the Connection's to close
        }
    }
}
