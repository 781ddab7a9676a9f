package dev.asyncinspect.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code async-inspect serve} running as its own process, on a free port, and a client for its HTTP API. */
final class Served implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)");

    private final Process process;
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    private Served(Process process) throws Exception {
        this.process = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    err.add(line);
                }
            } catch (IOException ended) {
                // The tool went away.
            }
        });
        pump.setDaemon(true);
        pump.start();
        process.getInputStream().close();
        String found = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (found == null && System.nanoTime() < deadline && process.isAlive()) {
            for (String line : err) {
                Matcher m = URL.matcher(line);
                if (m.find()) {
                    found = m.group(1);
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        if (found == null) {
            process.destroyForcibly();
            throw new AssertionError("serve printed no URL: " + String.join("\n", err));
        }
        this.url = found;
    }

    /** {@code serve ARGS --port 0}: any free port. */
    static Served start(String... args) throws Exception {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("serve", "--port", "0"), java.util.stream.Stream.of(args))
                .toArray(String[]::new);
        return new Served(Tool.start(all));
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    List<String> err() {
        return List.copyOf(err);
    }

    /** An HTTP answer: its status and body. */
    record Answer(int status, String body, String contentType) {}

    Answer get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path.replaceFirst("^/", ""))).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""));
    }

    /** A request naming another Host, as a page elsewhere whose name resolves to loopback sends it (the JDK's client will not). */
    Answer getAs(String host, String path) throws Exception {
        URI uri = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(answer.split(" ")[1]), answer.substring(answer.indexOf("\r\n\r\n") + 4), "");
        }
    }

    /** Polls {@code path} until its body passes, or fails after {@code seconds}. */
    String await(String path, Predicate<String> passes, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            Answer answer = get(path);
            last = answer.status() + " " + answer.body();
            if (answer.status() == 200 && passes.test(answer.body())) {
                return answer.body();
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError("GET " + path + " never passed in " + seconds + " s; last: "
                + last.substring(0, Math.min(2000, last.length())) + "\nserve said: " + String.join("\n", err));
    }

    /** The exit code of a JVM ended by SIGTERM once its shutdown hooks ran (128 + 15). */
    static final int STOPPED = 143;

    /** SIGTERM, as Ctrl-C's shutdown path; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not stop on SIGTERM");
        }
        return process.exitValue();
    }

    /** Waits for the tool to end by itself; returns its exit code. */
    int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("serve did not end in " + seconds + " s");
        }
        return process.exitValue();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
