package dev.asyncinspect.cli;

import dev.asyncinspect.attach.AgentRecorder;
import dev.asyncinspect.attach.AgentSource;
import dev.asyncinspect.attach.AttachException;
import dev.asyncinspect.attach.JvmDirectory;
import dev.asyncinspect.record.Recorder;
import dev.asyncinspect.repl.RecordingOptions;
import dev.asyncinspect.serve.live.Target;
import dev.asyncinspect.serve.live.Watch;
import dev.asyncinspect.serve.metrics.TargetMetrics;
import dev.asyncinspect.serve.otlp.SpanExport;
import dev.asyncinspect.serve.web.Dashboard;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a live dashboard of running JVMs in the browser, with Prometheus metrics and, with --otlp,"
                + " OpenTelemetry spans.",
                "Loads the agent (no startup flags), records while it serves and listens on a loopback address only."
                        + " Snapshots as often as their cost allows: ten times a snapshot's duration apart, 1 s to 30 s."
                        + " Runs until Ctrl-C, which ends the recordings and leaves the targets running."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"1:the target could not be served, or it exited", "2:bad usage",
                "130:stopped by Ctrl-C (143 by SIGTERM), the recordings ended"})
final class ServeCommand implements Callable<Integer> {

    private static final long DISCOVERY_MILLIS = 5_000;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--pid", paramLabel = "PID", description = "The target JVM's process id.")
        Long pid;

        @Option(names = "--all", description = "Every local JVM this user may inspect, one tab each, JVMs started later included.")
        boolean all;
    }

    @Option(names = "--port", defaultValue = "7741", paramLabel = "PORT",
            description = "The port (default: ${DEFAULT-VALUE}; 0 for any free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "A loopback address to listen on (default: ${DEFAULT-VALUE}); any other is refused.")
    String bind;

    @Option(names = "--otlp", paramLabel = "URL", description = "Also send recorded coroutine runs, suspensions and future"
            + " completions as OpenTelemetry spans to this OTLP/HTTP collector (http://host:4318, or its /v1/traces URL).")
    String otlp;

    @Mixin
    RecordingOptions recording;

    private final Map<Long, SpanExport> exports = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        Recorder.Settings settings;
        try {
            settings = recording.settings();
            if (otlp != null) {
                SpanExport.tracesUrl(otlp);
            }
        } catch (IllegalArgumentException outOfRange) {
            throw new ParameterException(spec.commandLine(), outOfRange.getMessage());
        }
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
        }
        InetAddress address = loopback();
        PrintWriter err = spec.commandLine().getErr();
        JvmDirectory directory = new JvmDirectory();
        // Opened before the server, so a wrong pid is told before anything listens.
        List<Target> first = which.all ? List.of() : List.of(open(which.pid, directory.mainClasses().getOrDefault(which.pid, "")));
        Dashboard dashboard = startServer(address);
        Thread stop = new Thread(() -> close(dashboard), "async-inspect-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        first.forEach(target -> serve(dashboard, target, settings, err));
        String url = "http://" + (address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress())
                + ":" + dashboard.port() + "/";
        err.println("async-inspect: serving " + (which.all ? "every local JVM" : "pid " + which.pid) + " at " + url
                + " (metrics at " + url + "metrics); Ctrl-C stops");
        err.flush();
        Set<Long> tried = new HashSet<>();
        long nextLook = 0;
        while (true) {
            if (which.all && System.currentTimeMillis() >= nextLook) {
                discover(dashboard, directory, tried, settings, err);
                nextLook = System.currentTimeMillis() + DISCOVERY_MILLIS;
            }
            for (Watch watch : dashboard.watches()) {
                if (watch.status() instanceof Watch.Status.Ended ended) {
                    if (!which.all) {
                        err.println("async-inspect: " + ended.reason());
                        err.flush();
                        return Main.FAILED;
                    }
                    dashboard.remove(watch.target().pid());
                    closeExport(watch.target().pid());
                    watch.close();
                }
            }
            Thread.sleep(500);
        }
    }

    private InetAddress loopback() {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException unknown) {
            throw new ParameterException(spec.commandLine(), "--bind: unknown address '" + bind + "'");
        }
        if (!address.isLoopbackAddress()) {
            throw new ParameterException(spec.commandLine(), "--bind " + bind + " is not a loopback address: serve shows a JVM's"
                    + " private state and listens on loopback only (127.0.0.1, ::1)");
        }
        return address;
    }

    private Dashboard startServer(InetAddress address) {
        try {
            return new Dashboard(address, port, new TargetMetrics()).start();
        } catch (RuntimeException failed) {
            throw new AttachException("cannot listen on " + address.getHostAddress() + ":" + port
                    + (port == 0 ? "" : " (in use? --port 0 takes any free port)"));
        }
    }

    private static Target open(long pid, String name) {
        return new Target(pid, name, AgentSource.open(pid), AgentRecorder.open(pid));
    }

    private void serve(Dashboard dashboard, Target target, Recorder.Settings settings, PrintWriter err) {
        Watch watch = new Watch(target, settings);
        if (otlp != null) {
            SpanExport export = new SpanExport(otlp, target.pid(), target.name().isEmpty() ? "pid " + target.pid() : target.name(),
                    line -> {
                        err.println("async-inspect: " + line);
                        err.flush();
                    });
            exports.put(target.pid(), export);
            watch.onLook(look -> {
                if (look != null) {
                    export.update(look);
                }
            });
        }
        dashboard.add(watch);
        watch.start();
    }

    /** JVMs that appeared since the last look; each is tried once (one that refuses the agent shows its reason). */
    private void discover(Dashboard dashboard, JvmDirectory directory, Set<Long> tried, Recorder.Settings settings, PrintWriter err) {
        for (Map.Entry<Long, String> jvm : directory.mainClasses().entrySet()) {
            long pid = jvm.getKey();
            if (pid == ProcessHandle.current().pid() || !tried.add(pid)) {
                continue;
            }
            try {
                serve(dashboard, open(pid, jvm.getValue()), settings, err);
            } catch (AttachException refused) {
                err.println("async-inspect: not serving pid " + pid + ": " + refused.getMessage().lines().findFirst().orElse(""));
                err.flush();
            }
        }
    }

    private void closeExport(long pid) {
        SpanExport export = exports.remove(pid);
        if (export != null) {
            export.close();
        }
    }

    /** Ends every recording (their probes leave the targets), sends the last spans, stops the server. */
    private void close(Dashboard dashboard) {
        for (Watch watch : dashboard.watches()) {
            watch.close();
        }
        exports.keySet().forEach(this::closeExport);
        dashboard.close();
    }
}
