package dev.asyncinspect.agent;

import dev.asyncinspect.agent.AgentOptions.Request;
import dev.asyncinspect.agent.jvmti.Jvmti;
import dev.asyncinspect.agent.record.InTargetRecorder;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.source.PrivateFile;
import dev.asyncinspect.source.SnapshotFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * What one load of the agent does, on the Attach Listener thread: a snapshot, or a request to the
 * recorder. Each answer goes into the tool's private directory; no failure escapes into the target,
 * it comes back as one line (and the trace for {@code --debug}).
 */
public final class AgentEntry {

    public static final String RECORDING = "recording.bin";
    public static final String ERROR = "error.txt";
    private static final String PROBES = "dev.asyncinspect.agent.probe.Probes";

    private AgentEntry() {}

    /** @param options see {@link AgentOptions} */
    public static void run(Instrumentation instrumentation, String options) {
        AgentOptions parsed = AgentOptions.parse(options);
        synchronized (AgentEntry.class) {     // two tools at once take turns
            try {
                Jvmti.load(parsed.nativeDirectory());
                switch (parsed.request()) {
                    case SNAPSHOT -> InTargetSnapshot.take(instrumentation, parsed,
                            () -> probesOnBootPath() ? InTargetRecorder.runningOrNull() : null);
                    case RECORD_START -> {
                        putProbesOnBootPath(instrumentation, parsed.recorder().probes());
                        InTargetRecorder.start(instrumentation, parsed.recorder());
                        answer(parsed, InTargetRecorder.read());
                    }
                    case RECORD_FROM_START -> {
                        putProbesOnBootPath(instrumentation, parsed.recorder().probes());
                        InTargetRecorder.start(instrumentation, parsed.recorder());
                    }
                    case RECORD_READ -> answer(parsed, recorder(parsed.request()));
                    case RECORD_STOP -> answer(parsed, recorder(parsed.request()));
                }
            } catch (Throwable failure) {             // even an OutOfMemoryError: the target runs on
                // JVMs started with the agent share one directory: each says what went wrong in a file of its own.
                writeError(parsed.out().resolve(parsed.request() == Request.RECORD_FROM_START
                        ? startupError(ProcessHandle.current().pid()) : ERROR), failure);
            }
        }
    }

    private static Recording recorder(Request request) throws Exception {
        if (!probesOnBootPath()) {
            throw new IllegalStateException("no recording is running in this JVM (record start begins one)");
        }
        return request == Request.RECORD_STOP ? InTargetRecorder.stop() : InTargetRecorder.read();
    }

    private static void answer(AgentOptions options, Recording recording) throws IOException {
        SnapshotFile.write(recording, options.out().resolve(RECORDING));
    }

    /**
     * The probes' class goes on the boot class path before any recorder class links (they refer to it),
     * so that every class loader, java.base's included, finds the same one. It stays there, inert.
     */
    private static void putProbesOnBootPath(Instrumentation instrumentation, Path jar) throws IOException {
        if (!probesOnBootPath()) {
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        }
    }

    private static boolean probesOnBootPath() {
        try {
            Class.forName(PROBES, false, null);
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }

    /** First line for the user, then the trace for {@code --debug}. */
    /** Where a JVM started with the agent says why its recording did not begin. */
    public static String startupError(long pid) {
        return "error-" + pid + ".txt";
    }

    private static void writeError(Path file, Throwable failure) {
        StringWriter text = new StringWriter();
        text.append(failure.getClass().getSimpleName()).append(": ").append(String.valueOf(failure.getMessage())).append('\n');
        failure.printStackTrace(new PrintWriter(text));
        try {
            PrivateFile.replace(file, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException unwritable) {
            // The tool will say the agent left no answer.
        }
    }
}
