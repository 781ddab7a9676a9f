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

    /**
     * Sent after each command: the tool runs commands one at a time, so once this one's answer (picocli's own
     * help of {@code help}, which nothing else prints) is out, so is everything the command printed before it.
     */
    private static final String DONE = "help help";
    private static final Pattern DONE_ANSWER = Pattern.compile("^Display help information about the specified command\\.\n\n"
            + "Usage:  help \\[-h] \\[COMMAND]\n(?s:.*?)^  -h, --help +Show usage help for the help command and exit\\.\n", Pattern.MULTILINE);

    private final Process process;
    private final OutputStream stdin;
    private final StringBuffer transcript = new StringBuffer();
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread outPump;
    private final Thread errPump;

    private Conversation(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.outPump = pump(process.getInputStream(), transcript, out);
        this.errPump = pump(process.getErrorStream(), transcript, err);
    }

    static Conversation attach(TargetJvm target) throws IOException {
        return new Conversation(Tool.start("attach", "--pid", Long.toString(target.pid())));
    }

    /**
     * Sends a command (or several, a line each) and waits until it has finished and what it printed (stdout and
     * stderr together) matches {@code expected}.
     *
     * @return everything printed since the command was sent
     */
    String ask(String command, String expected, int seconds) throws Exception {
        int mark = transcript.length();
        stdin.write((command + "\n" + DONE + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        Pattern pattern = Pattern.compile(expected, Pattern.MULTILINE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String since = transcript.substring(mark);
            Matcher done = DONE_ANSWER.matcher(since);
            if (done.find()) {
                String answer = since.substring(0, done.start()) + since.substring(done.end());
                if (pattern.matcher(answer).find()) {
                    return answer;
                }
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("no '" + expected + "' after '" + command + "' within " + seconds + " s:\n"
                        + transcript);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
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
        return recordingWith("record start", target, seconds, commands);
    }

    /** The same, started with {@code start} (a {@code record start} with options). */
    static Tool.Result recordingWith(String start, TargetJvm target, int seconds, String... commands) throws Exception {
        try (Conversation tool = Conversation.attach(target)) {
            tool.ask(start, "^recording \\(record stop ends it\\)", 60);
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
        outPump.join(TimeUnit.SECONDS.toMillis(10));     // the last output, read to the end of the streams
        errPump.join(TimeUnit.SECONDS.toMillis(10));
        return new Tool.Result(process.exitValue(), DONE_ANSWER.matcher(out).replaceAll(""), err.toString());
    }

    /** Kills the tool (SIGKILL), as a crash would, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the tool with SIGTERM, the shutdown path of Ctrl-C, and waits until it is gone. */
    void terminate() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static Thread pump(InputStream from, StringBuffer into, StringBuffer alsoInto) {
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
        return thread;
    }
}
