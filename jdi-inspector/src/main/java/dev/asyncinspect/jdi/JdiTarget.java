package dev.asyncinspect.jdi;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.PathSearchingVirtualMachine;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import dev.asyncinspect.heap.ClassFiles;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.VmInfo;
import dev.asyncinspect.recognize.SnapshotBuilder;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.source.SnapshotSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A live JDWP connection to a target. Every snapshot suspends the VM only while it reads and
 * resumes it in a finally; closing, Ctrl-C (a shutdown hook) and a killed tool (JDWP resumes all
 * threads when its debugger goes away) all leave the target running.
 */
public final class JdiTarget implements SnapshotSource {

    private static final int PARALLEL_REQUESTS = 8;

    private final VirtualMachine vm;
    private final long pid;
    private final String mainClass;
    private final RoundTrips roundTrips = new RoundTrips(PARALLEL_REQUESTS);
    private final ClassFiles classFiles;
    private final Thread releaseOnExit;
    private volatile boolean closed;
    private final Runnable identityHashAgent;
    private TaskNumbers numbers;
    /**
     * The last snapshot's mirrors. JDI gives an object's JDWP id back once no mirror of it is left in
     * this process, and the object gets a new id next time: holding them keeps the ids shown (c12,
     * f40) naming the same objects for the commands that follow.
     */
    private volatile JdiHeapView lastView;

    private JdiTarget(VirtualMachine vm, long pid, String mainClass, Runnable identityHashAgent) {
        this.vm = vm;
        this.identityHashAgent = identityHashAgent;
        this.pid = pid;
        this.mainClass = mainClass;
        this.classFiles = vm instanceof PathSearchingVirtualMachine paths
                ? new ClassFiles(paths.classPath(), paths.baseDirectory()) : new ClassFiles(List.of(), null);
        this.releaseOnExit = new Thread(this::release, "async-inspect-release");
        Runtime.getRuntime().addShutdownHook(releaseOnExit);
    }

    /**
     * Attaches JDI to a JDWP socket on {@code host:port}.
     *
     * @param identityHashAgent runs the agent's identity-hash call in the target (see {@link TaskNumbers}), or null
     *                          where no agent can load
     */
    public static JdiTarget attach(String host, int port, long pid, String mainClass, Runnable identityHashAgent) {
        AttachingConnector connector = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst()
                .orElseThrow(() -> new TargetException("this JDK has no JDI socket connector"));
        Map<String, Connector.Argument> arguments = connector.defaultArguments();
        arguments.get("hostname").setValue(host);
        arguments.get("port").setValue(Integer.toString(port));
        arguments.get("timeout").setValue("10000");
        try {
            JdiTarget target = new JdiTarget(connector.attach(arguments), pid, mainClass, identityHashAgent);
            target.numbers();     // the agent's boot class loads now, before any request could hold the thread it loads on
            return target;
        } catch (IOException e) {
            throw new TargetException("cannot connect to JDWP at " + host + ":" + port + ": " + e.getMessage()
                    + " (is another debugger attached?)");
        } catch (IllegalConnectorArgumentsException e) {
            throw new TargetException("bad JDWP address " + host + ":" + port);
        }
    }

    @Override
    public VmInfo vmInfo() {
        return new VmInfo(pid, mainClass, vm.version(), vm.name(), "jdwp");
    }

    /** One consistent snapshot: the whole VM is suspended while it is read. */
    @Override
    public Snapshot snapshot(ValueReader.Limits limits, Progress progress) {
        ensureOpen();
        try {
            TaskNumbers taskNumbers = numbers();
            vm.suspend();
            roundTrips.reportTo(progress);
            try {
                JdiHeapView view = new JdiHeapView(vm, roundTrips, classFiles, taskNumbers);
                Snapshot snapshot = new SnapshotBuilder(limits).build(view, vmInfo());
                lastView = view;
                return snapshot;
            } finally {
                roundTrips.reportTo(Progress.NONE);
                vm.resume();
            }
        } catch (VMDisconnectedException e) {
            throw new TargetException("the target exited or disconnected during the snapshot");
        }
    }

    /** A heap view for callers that read without suspending (benchmarks). */
    public JdiHeapView heapView() {
        return new JdiHeapView(vm, roundTrips, classFiles, null);
    }

    /** How task ids are numbered on this connection; set up (the agent loaded once) before the first snapshot. */
    synchronized TaskNumbers numbers() {
        if (numbers == null) {
            numbers = new TaskNumbers(vm, identityHashAgent);
        }
        return numbers;
    }

    /** Whether this connection's task ids are the agent's (identity hash codes), so they hold across sessions. */
    public boolean idsSharedWithTheAgent() {
        return numbers().sharedWithTheAgent();
    }

    String coroutineId(ObjectReference coroutine) {
        return dev.asyncinspect.recognize.TaskIds.coroutineId(numbers().number(coroutine));
    }

    /** A class file of the target, from its class path on this machine. */
    public java.util.Optional<byte[]> classFile(String className) {
        return classFiles.read(className);
    }

    public VirtualMachine virtualMachine() {
        return vm;
    }

    private void ensureOpen() {
        if (closed) {
            throw new TargetException("the connection to the target is closed");
        }
    }

    private synchronized void release() {
        if (closed) {
            return;
        }
        closed = true;
        roundTrips.close();
        classFiles.close();
        try {
            vm.dispose();   // clears every request and resumes every thread we suspended
        } catch (VMDisconnectedException alreadyGone) {
            // Nothing to resume.
        }
    }

    @Override
    public void close() {
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(releaseOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or ran: release already happened.
        }
    }
}
