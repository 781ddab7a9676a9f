package dev.asyncinspect.attach;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the processes a test needs and kills them all on close. */
final class TestTargets implements AutoCloseable {

    static final String JDK17 = System.getProperty("asyncinspect.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64");
    static final String JDK25 = System.getProperty("asyncinspect.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");
    static final String MAIN = SleepingTarget.class.getName();
    static final String JDWP = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";

    private static Path classes17;
    private final List<Process> started = new ArrayList<>();

    /** The test sources compile for release 21; JDK 17 needs SleepingTarget built for 17. */
    static synchronized Path classes17() {
        if (classes17 == null) {
            try {
                Path out = Files.createDirectories(Path.of("target", "target-classes-17"));
                Path source = Path.of("src/test/java/dev/asyncinspect/attach/SleepingTarget.java");
                int rc = ToolProvider.getSystemJavaCompiler()
                        .run(null, null, null, "--release", "17", "-d", out.toString(), source.toString());
                assertThat(rc).as("javac exit code").isZero();
                classes17 = out.toAbsolutePath();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes17;
    }

    static String java(String jdkHome) {
        return jdkHome + "/bin/java";
    }

    /** Starts SleepingTarget on the given JDK and returns once it printed READY. */
    Process sleepingJvm(String jdkHome, String... jvmArgs) {
        List<String> command = new ArrayList<>(List.of(java(jdkHome)));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", classes17().toString(), MAIN));
        Process process = start(command);
        CountDownLatch ready = new CountDownLatch(1);
        drain(process.getInputStream(), ready);
        drain(process.getErrorStream(), new CountDownLatch(0));
        try {
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("target printed READY").isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return process;
    }

    Process start(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Remembers a process started elsewhere so close() kills it too. */
    void adopt(Process process) {
        started.add(process);
    }

    /** Proves a JDWP agent listens there: it answers the handshake with the same 14 bytes. */
    static void assertSpeaksJdwp(JdwpEndpoint endpoint) throws IOException {
        byte[] handshake = "JDWP-Handshake".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(handshake);
            out.flush();
            assertThat(socket.getInputStream().readNBytes(handshake.length)).isEqualTo(handshake);
        }
    }

    /** Retries an assertion for up to 10 s, for output that arrives on another thread. */
    static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Keeps reading so the child never blocks on a full pipe (SIGQUIT thread dumps are long). */
    private static void drain(InputStream stream, CountDownLatch ready) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the target was killed
            }
        });
        thread.setDaemon(true);
        thread.start();
    }
}
