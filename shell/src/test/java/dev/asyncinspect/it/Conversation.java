package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * async-inspect on a target's stdin, driven a command at a time as a person would: send a command,
 * wait for what it prints, decide the next one from it (task ids are only known once listed).
 */
final class Conversation implements AutoCloseable {

    private final Process process;
    private final OutputStream stdin;
    private final StringBuffer transcript = new StringBuffer();
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();

    private Conversation(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        pump(process.getInputStream(), transcript, out);
        pump(process.getErrorStream(), transcript, err);
    }

    static Conversation attach(TargetJvm target) throws IOException {
        return new Conversation(Tool.start("attach", "--pid", Long.toString(target.pid())));
    }

    /**
     * Sends a command and waits until what follows it matches {@code expected} (stdout and stderr
     * together), then a moment for the rest of its lines.
     *
     * @return everything printed since the command was sent
     */
    String ask(String command, String expected, int seconds) throws Exception {
        int mark = transcript.length();
        stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        Pattern pattern = Pattern.compile(expected, Pattern.MULTILINE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!pattern.matcher(transcript.substring(mark)).find()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("no '" + expected + "' after '" + command + "' within " + seconds + " s:\n"
                        + transcript);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        TimeUnit.MILLISECONDS.sleep(300);
        return transcript.substring(mark);
    }

    static String group(String text, String regex, int group) {
        Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no '" + regex + "' in:\n" + text);
        }
        return matcher.group(group);
    }

    /** Records for a while once recording has begun, then runs the commands on what was recorded and quits. */
    static Tool.Result recording(TargetJvm target, int seconds, String... commands) throws Exception {
        try (Conversation tool = Conversation.attach(target)) {
            tool.ask("record start", "^recording \\(record stop to end it\\)", 60);
            TimeUnit.SECONDS.sleep(seconds);
            String[] all = new String[commands.length + 1];
            all[0] = "record stop";
            System.arraycopy(commands, 0, all, 1, commands.length);
            Tool.Result result = tool.finish(all);
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.err()).isEmpty();
            return result;
        }
    }

    /** Everything the tool printed to standard error. */
    String errors() {
        return err.toString();
    }

    /** Quits, and returns the tool's exit code. */
    int quit() throws Exception {
        return finish().exitCode();
    }

    /** Sends the last commands and quit, and waits for the tool to exit. */
    Tool.Result finish(String... commands) throws Exception {
        for (String command : commands) {
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        }
        stdin.write("quit\n".getBytes(StandardCharsets.UTF_8));
        stdin.close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("async-inspect did not quit:\n" + transcript);
        }
        TimeUnit.MILLISECONDS.sleep(200);     // the last output still being read
        return new Tool.Result(process.exitValue(), out.toString(), err.toString());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static void pump(InputStream from, StringBuffer into, StringBuffer alsoInto) {
        Thread thread = new Thread(() -> {
            char[] buffer = new char[8192];
            try (Reader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                for (int n; (n = reader.read(buffer)) > 0; ) {
                    into.append(buffer, 0, n);
                    if (alsoInto != null) {
                        alsoInto.append(buffer, 0, n);
                    }
                }
            } catch (IOException ended) {
                // The tool exited.
            }
        });
        thread.setDaemon(true);
        thread.start();
    }
}
