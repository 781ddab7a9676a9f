package dev.asyncinspect.attach;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts a program with a JDWP agent on a free loopback port and learns that port. */
public final class TargetLauncher {

    private static final Pattern LISTENING = Pattern.compile("Listening for transport dt_socket at address: (\\S+)");
    private static final long STARTUP_SECONDS = 30;
    private static final long DRAIN_MILLIS = 1_000;
    private static final String TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

    public LaunchedTarget launch(List<String> commandLine, PrintStream programOut, PrintStream programErr) {
        if (commandLine.isEmpty()) {
            throw new AttachException("no program to run; give its command line after --");
        }
        boolean direct = isJavaLauncher(commandLine.get(0));
        List<String> command = new ArrayList<>(commandLine);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        // JVMs announce JAVA_TOOL_OPTIONS on stderr; hide that line when it is only our doing.
        String ownNotice = null;
        if (direct) {
            command.add(1, JdwpLocator.JDWP_FLAG);
        } else {
            // Not the java launcher itself (a script, a wrapper): every JVM it starts reads this.
            String options = builder.environment()
                    .merge(TOOL_OPTIONS, JdwpLocator.JDWP_FLAG, (old, ours) -> old + " " + ours);
            ownNotice = options.equals(JdwpLocator.JDWP_FLAG) ? "Picked up " + TOOL_OPTIONS + ": " + options : null;
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            Throwable reason = e.getCause() != null ? e.getCause() : e; // the cause omits the repeated command
            throw new AttachException("cannot start " + commandLine.get(0) + ": " + reason.getMessage().strip());
        }
        CompletableFuture<JdwpEndpoint> endpoint = new CompletableFuture<>();
        Thread out = pump(process.inputReader(), programOut, endpoint, null, "stdout");
        Thread err = pump(process.errorReader(), programErr, endpoint, ownNotice, "stderr");
        process.onExit().thenRun(() -> {
            if (endpoint.isDone()) {
                return;
            }
            // Let the program's last words reach the user before our message does.
            join(out);
            join(err);
            endpoint.completeExceptionally(new AttachException("the program exited with code " + process.exitValue()
                    + " before its JDWP agent started listening" + (direct ? "" : "; is it a Java program?")));
        });
        return new LaunchedTarget(process, await(endpoint, process));
    }

    private static boolean isJavaLauncher(String executable) {
        Path name = Path.of(executable).getFileName();
        return name != null && name.toString().equals("java");
    }

    private static JdwpEndpoint await(CompletableFuture<JdwpEndpoint> endpoint, Process process) {
        try {
            return endpoint.get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (AttachException) e.getCause(); // the only failure this future is ever given
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new AttachException("no JDWP agent started within " + STARTUP_SECONDS
                    + " s (is it a Java program?); stopped pid " + process.pid());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AttachException("interrupted while starting the program");
        }
    }

    /**
     * Copies one output stream of the program line by line. JDWP announces its port on a line of
     * its own (again after each debugger detaches); those lines are ours, not the program's.
     */
    private static Thread pump(BufferedReader from, PrintStream to, CompletableFuture<JdwpEndpoint> endpoint,
                               String hiddenLine, String name) {
        Thread thread = new Thread(() -> {
            try (from) {
                for (String line = from.readLine(); line != null; line = from.readLine()) {
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.matches()) {
                        JdwpEndpoint.parse(listening.group(1)).ifPresent(endpoint::complete);
                    } else if (!line.equals(hiddenLine)) {
                        to.println(line);
                        to.flush();
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // The program closed its end; there is nothing more to copy.
            }
        }, "async-inspect-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread pump) {
        try {
            pump.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
