package dev.asyncinspect.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** async-inspect itself, run as its own process exactly as the launcher runs it. */
final class Tool {

    record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
                "--add-opens", "jdk.jdi/com.sun.tools.jdi=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.asyncinspect.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    static Result run(String stdin, String... args) throws Exception {
        Process process = start(args);
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return finish(process, 300);
    }

    /** Runs {@code command} (dump, attach) on the target, reached as the target's route says. */
    static Result run(String stdin, TargetJvm target, String command, String... args) throws Exception {
        return run(stdin, on(target, command, args));
    }

    static Process start(TargetJvm target, String command, String... args) throws IOException {
        return start(on(target, command, args));
    }

    private static String[] on(TargetJvm target, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(target.toolArgs()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    static Process start(String... args) throws IOException {
        return new ProcessBuilder(command(args)).start();
    }

    /** Runs the tool in {@code directory} with these environment variables added, stdin closed. */
    static Result runIn(Path directory, Map<String, String> environment, int seconds, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(directory.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return finish(process, seconds);
    }

    static Result finish(Process process, int seconds) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outPump = pump(process.getInputStream(), out);
        Thread errPump = pump(process.getErrorStream(), err);
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("async-inspect did not finish in " + seconds + " s");
        }
        outPump.join();
        errPump.join();
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // Process ended.
            }
        });
        thread.start();
        return thread;
    }
}
