package dev.asyncinspect.serve.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.asyncinspect.export.ChromeTraceWriter;
import dev.asyncinspect.export.JsonSnapshotWriter;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.serve.live.Look;
import dev.asyncinspect.serve.live.Watch;
import dev.asyncinspect.serve.metrics.TargetMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The HTTP face of the served targets, on a loopback address only: the page (its assets are in this
 * jar: it needs no network), the JSON API it reads, the live stream that tells it a new look is there,
 * and the Prometheus metrics. Every answer is built from the watches' latest looks.
 */
public final class Dashboard implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();
    /** Marks a request whose route wrote its own JSON error, which the 404 handler must keep. */
    private static final String ANSWERED = "async-inspect.answered";
    private static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
    private final Collection<SseClient> clients = new ConcurrentLinkedQueue<>();
    private final TargetMetrics metrics;
    private final Javalin server;
    private volatile int port;

    /**
     * @param bind a loopback address; anything else is refused (the page shows a JVM's private state)
     * @param port the port, 0 for any free one
     */
    public Dashboard(InetAddress bind, int port, TargetMetrics metrics) {
        if (!bind.isLoopbackAddress()) {
            throw new IllegalArgumentException(bind.getHostAddress() + " is not a loopback address: serve listens on loopback only");
        }
        this.metrics = metrics;
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = bind.getHostAddress();
            config.jetty.port = port;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dashboard";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Content-Security-Policy", PAGE_POLICY, "X-Content-Type-Options", "nosniff",
                        "Cache-Control", "no-cache");
            });
            config.routes.before(this::guard);
            config.routes.get("/api/targets", this::targets);
            config.routes.get("/api/snapshot", this::snapshot);
            config.routes.get("/api/tasks/{id}", this::task);
            config.routes.get("/api/trace.json", this::traceJson);
            config.routes.get("/api/trace.chrome.json", this::traceChrome);
            config.routes.sse("/api/events", this::subscribe);
            config.routes.get("/metrics", this::metrics);
            config.routes.error(404, ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    notFound(ctx, "no such path: " + ctx.path());
                }
            });
        });
    }

    public Dashboard start() {
        server.start();
        port = server.port();
        return this;
    }

    public int port() {
        return port;
    }

    /** Serves this target from now on, telling the open pages of each of its looks. */
    public void add(Watch watch) {
        watches.put(watch.target().pid(), watch);
        watch.onLook(look -> announce(watch, look));
    }

    public void remove(long pid) {
        watches.remove(pid);
        metrics.ended(pid);
        broadcast("targets", "{}");
    }

    public Collection<Watch> watches() {
        return List.copyOf(watches.values());
    }

    /** Only requests that name a loopback host: a page from elsewhere that resolves its name to 127.0.0.1 gets nothing. */
    private void guard(Context ctx) {
        String host = ctx.host() == null ? "" : ctx.host();
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceAll(":\\d+$", "");
        if (!(name.equals("localhost") || name.equals("[::1]") || name.startsWith("127."))) {
            ctx.status(403);
            error(ctx, "this server answers only requests to a loopback host, not '" + host + "'");
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
    }

    private void announce(Watch watch, Look look) {
        if (look != null) {
            metrics.update(watch.target().pid(), look);
        }
        broadcast("look", status(watch));
    }

    private void broadcast(String event, String data) {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
                continue;
            }
            client.sendEvent(event, data);
        }
    }

    private void subscribe(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendEvent("targets", "{}");
    }

    private void targets(Context ctx) throws IOException {
        StringBuilder all = new StringBuilder("[");
        for (Watch watch : watches.values().stream().sorted((a, b) -> Long.compare(a.target().pid(), b.target().pid())).toList()) {
            all.append(all.length() > 1 ? "," : "").append(status(watch));
        }
        ctx.contentType("application/json").result(all.append(']').toString());
    }

    /** A target's state in a line of JSON: what the page's tabs and the live stream carry. */
    private static String status(Watch watch) {
        try {
            java.io.StringWriter text = new java.io.StringWriter();
            try (JsonGenerator json = JSON.createGenerator(text)) {
                json.writeStartObject();
                json.writeNumberField("pid", watch.target().pid());
                json.writeStringField("name", watch.target().name());
                Look look = watch.latest();
                json.writeNumberField("sequence", look == null ? 0 : look.sequence());
                if (look != null) {
                    json.writeStringField("takenAt", look.snapshot().takenAt().toString());
                    json.writeNumberField("snapshotMs", Math.round(look.costNanos() / 1e5) / 10.0);
                    json.writeNumberField("tasks", look.snapshot().tasks().size());
                    json.writeNumberField("deadlocks", look.snapshot().deadlocks().size());
                    json.writeBooleanField("recording", look.recording().recording());
                    json.writeNumberField("events", look.recording().events().size());
                }
                switch (watch.status()) {
                    case Watch.Status.Watching watching -> {
                        json.writeStringField("status", "watching");
                        json.writeNumberField("intervalMs", watching.interval().toMillis());
                        if (watching.notRecording() != null) {
                            json.writeStringField("notRecording", watching.notRecording());
                        }
                    }
                    case Watch.Status.Failing failing -> {
                        json.writeStringField("status", "failing");
                        json.writeStringField("reason", failing.reason());
                        json.writeNumberField("intervalMs", failing.interval().toMillis());
                    }
                    case Watch.Status.Ended ended -> {
                        json.writeStringField("status", "ended");
                        json.writeStringField("reason", ended.reason());
                    }
                }
                json.writeEndObject();
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void snapshot(Context ctx) throws IOException {
        Optional<Look> look = look(ctx);
        if (look.isPresent()) {
            write(ctx, "application/json", out -> new JsonSnapshotWriter().write(look.get().snapshot(), out, false));
        }
    }

    private void task(Context ctx) throws IOException {
        Optional<Look> look = look(ctx);
        if (look.isEmpty()) {
            return;
        }
        String id = ctx.pathParam("id");
        Optional<Task> task = look.get().snapshot().task(id);
        if (task.isEmpty()) {
            notFound(ctx, "no task '" + id + "' in the latest snapshot");
            return;
        }
        write(ctx, "application/json", out -> new JsonSnapshotWriter().write(task.get(), out));
    }

    private void traceJson(Context ctx) throws IOException {
        Optional<Look> look = look(ctx);
        if (look.isPresent()) {
            ctx.header("Content-Disposition", "attachment; filename=\"async-inspect-" + look.get().snapshot().vm().pid() + ".json\"");
            write(ctx, "application/json", out -> new JsonSnapshotWriter().write(look.get().snapshot(), look.get().recording().events(), out, false));
        }
    }

    private void traceChrome(Context ctx) throws IOException {
        Optional<Look> look = look(ctx);
        if (look.isPresent()) {
            ctx.header("Content-Disposition", "attachment; filename=\"async-inspect-" + look.get().snapshot().vm().pid() + ".chrome.json\"");
            write(ctx, "application/json", out -> {
                PrintWriter print = new PrintWriter(out);
                new ChromeTraceWriter().write(look.get().snapshot(), look.get().recording().events(), print);
                print.flush();
            });
        }
    }

    private void metrics(Context ctx) throws IOException {
        ctx.contentType(metrics.contentType());
        metrics.write(ctx.outputStream());
    }

    /** The latest look of the target the request names ({@code ?pid=}, else the only one), or a JSON 404 and empty. */
    private Optional<Look> look(Context ctx) {
        String pid = ctx.queryParam("pid");
        Watch watch;
        if (pid == null) {
            watch = watches.size() == 1 ? watches.values().iterator().next() : null;
            if (watch == null) {
                notFound(ctx, watches.isEmpty() ? "no target is served" : "several targets are served: name one with ?pid=");
                return Optional.empty();
            }
        } else {
            try {
                watch = watches.get(Long.parseLong(pid));
            } catch (NumberFormatException notANumber) {
                watch = null;
            }
            if (watch == null) {
                notFound(ctx, "no target with pid '" + pid + "' is served");
                return Optional.empty();
            }
        }
        Look look = watch.latest();
        if (look == null) {
            ctx.status(503);
            error(ctx, "no snapshot of pid " + watch.target().pid() + " yet");
            return Optional.empty();
        }
        return Optional.of(look);
    }

    @FunctionalInterface
    private interface Body {
        void write(Writer out) throws IOException;
    }

    private static void write(Context ctx, String type, Body body) throws IOException {
        ctx.contentType(type + "; charset=utf-8");
        Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
        body.write(out);
        out.flush();
    }

    private static void notFound(Context ctx, String message) {
        ctx.status(404);
        error(ctx, message);
    }

    private static void error(Context ctx, String message) {
        try {
            java.io.StringWriter text = new java.io.StringWriter();
            try (JsonGenerator json = JSON.createGenerator(text)) {
                json.writeStartObject();
                json.writeStringField("error", message);
                json.writeEndObject();
            }
            ctx.attribute(ANSWERED, Boolean.TRUE);
            ctx.contentType("application/json").result(text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        clients.forEach(SseClient::close);
        server.stop();
    }
}
