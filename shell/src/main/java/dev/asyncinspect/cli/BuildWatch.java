package dev.asyncinspect.cli;

import dev.asyncinspect.analysis.RunningTests.RunningTest;
import dev.asyncinspect.analysis.RunningTests;
import dev.asyncinspect.attach.AgentSource;
import dev.asyncinspect.attach.JvmDirectory;
import dev.asyncinspect.attach.StartupRecordings;
import dev.asyncinspect.heap.Progress;
import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Recording;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.render.CiReports;
import dev.asyncinspect.render.DeadlockReport;
import dev.asyncinspect.render.HangReport;
import dev.asyncinspect.render.TextExporter;
import dev.asyncinspect.source.PrivateFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Watches every JVM a command starts while it runs: each is snapshot through the agent every so
 * often; a test seen running for longer than the timeout, or a JVM running no test where nothing
 * moved for that long, is a hang, reported once with the trace written, and ended on request.
 */
final class BuildWatch {

    /** What the command's run came to. */
    enum Verdict { PASSED, HUNG, DEADLOCKED }

    /**
     * @param failOnHang     end a hung JVM's process tree
     * @param failOnDeadlock end a deadlocked JVM's process tree as soon as the deadlock is seen
     */
    record Settings(Duration timeout, boolean failOnHang, boolean failOnDeadlock, Path trace, Path junitXml,
                    boolean githubActions) {}

    private static final long TICK_MILLIS = 500;
    private static final int MOST_FAILED_LOOKS = 3;

    private final Process command;
    private final StartupRecordings recordings;
    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final long intervalNanos;
    private final Map<Long, Watched> watched = new LinkedHashMap<>();
    private final List<CiReports.Failure> failures = new ArrayList<>();
    private Verdict verdict = Verdict.PASSED;

    BuildWatch(Process command, StartupRecordings recordings, Settings settings, PrintWriter out, PrintWriter err) {
        this.command = command;
        this.recordings = recordings;
        this.settings = settings;
        this.out = out;
        this.err = err;
        // Often enough that a hang is told soon after the timeout, seldom enough that a passing suite barely pays.
        long sixth = settings.timeout().toNanos() / 6;
        this.intervalNanos = Math.max(1_000_000_000L, Math.min(10_000_000_000L, sixth));
    }

    /** One JVM of the command's process tree. */
    private static final class Watched {
        final long pid;
        final String main;
        long nextLook;
        final Map<String, Long> testsSince = new HashMap<>();
        int failedLooks;
        String stillPrint;
        long stillSince;
        boolean reported;

        Watched(long pid, String main, long now) {
            this.pid = pid;
            this.main = main;
            this.nextLook = now;
        }

        /** No test hangs before the timeout: the first look waits an interval, leaving the JVM's start alone. */
        Watched after(long nanos) {
            nextLook += nanos;
            return this;
        }
    }

    Verdict run() throws InterruptedException {
        while (command.isAlive()) {
            long now = System.nanoTime();
            findJvms(now);
            for (Watched jvm : List.copyOf(watched.values())) {
                if (!jvm.reported && now >= jvm.nextLook && alive(jvm.pid)) {
                    jvm.nextLook = now + intervalNanos;
                    look(jvm, now);
                }
            }
            command.waitFor(TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (!failures.isEmpty() && settings.junitXml() != null) {
            writeQuietly(settings.junitXml(), w -> CiReports.junitXml(failures, w));
        }
        return verdict;
    }

    private void findJvms(long now) {
        Set<Long> tree = command.toHandle().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        tree.add(command.pid());
        for (Map.Entry<Long, String> jvm : new JvmDirectory().mainClasses().entrySet()) {
            if (tree.contains(jvm.getKey()) && !watched.containsKey(jvm.getKey()) && named(jvm.getKey(), jvm.getValue())) {
                watched.put(jvm.getKey(), new Watched(jvm.getKey(), jvm.getValue(), now).after(intervalNanos));
                String recording;
                try {
                    recording = recordings.ensureRecording(jvm.getKey());
                } catch (RuntimeException unrecorded) {
                    recording = alive(jvm.getKey()) ? "not recorded: " + unrecorded.getMessage() : "";
                }
                err.printf("async-inspect: watching pid %d (%s)%s%n", jvm.getKey(), jvm.getValue(),
                        recording.isEmpty() ? "" : "; " + recording);
                err.flush();
            }
        }
    }

    /** A JVM just started has no name yet in the attach listing for a moment; one that keeps none is watched anyway. */
    private static boolean named(long pid, String main) {
        if (!main.isBlank() && !main.equals("Unknown")) {
            return true;
        }
        return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                .map(started -> started.isBefore(Instant.now().minusSeconds(3))).orElse(true);
    }

    private void look(Watched jvm, long now) {
        int reportedBefore = failures.size();
        Snapshot snapshot;
        try (AgentSource source = AgentSource.open(jvm.pid)) {
            snapshot = source.snapshot(ValueReader.Limits.DEFAULT, Progress.NONE);
        } catch (RuntimeException unread) {
            // A JVM busy starting or ending may miss a look; one that keeps failing is said once and left alone.
            if (alive(jvm.pid) && ++jvm.failedLooks == MOST_FAILED_LOOKS) {
                err.printf("async-inspect: pid %d could not be read: %s%n", jvm.pid, unread.getMessage());
                err.flush();
                jvm.reported = true;
            }
            return;
        }
        jvm.failedLooks = 0;
        List<RunningTest> tests = RunningTests.of(snapshot);
        if (!snapshot.deadlocks().isEmpty() && settings.failOnDeadlock()) {
            String during = tests.isEmpty() ? "" : " during " + tests.stream().map(RunningTest::name).collect(Collectors.joining(", "));
            PrivateFile.Text report = w -> {
                w.printf("Found a deadlock in pid %d (%s)%s:%n", jvm.pid, jvm.main, during);
                new DeadlockReport().print(snapshot, w);
            };
            text(report).lines().forEach(out::println);
            RunningTest test = tests.isEmpty() ? null : tests.get(0);
            failures.add(new CiReports.Failure(test == null ? jvm.main : test.testClass(), test == null ? "deadlock" : test.method(),
                    text(report), test == null ? null : test.frame()));
            end(jvm, snapshot, Verdict.DEADLOCKED, reportedBefore);
            return;
        }
        Map<String, RunningTest> byKey = new HashMap<>();
        tests.forEach(t -> byKey.put(t.taskId() + " " + t.frame().function(), t));
        jvm.testsSince.keySet().retainAll(byKey.keySet());
        byKey.keySet().forEach(key -> jvm.testsSince.putIfAbsent(key, now));
        List<RunningTest> hung = new ArrayList<>();
        for (Map.Entry<String, RunningTest> test : byKey.entrySet()) {
            if (now - jvm.testsSince.get(test.getKey()) >= settings.timeout().toNanos()) {
                hung.add(test.getValue());
            }
        }
        if (!hung.isEmpty()) {
            HangReport report = new HangReport();
            for (RunningTest test : hung) {
                long running = now - jvm.testsSince.get(test.taskId() + " " + test.frame().function());
                report.test(snapshot, test, running, jvm.pid, out);
                failures.add(new CiReports.Failure(test.testClass(), test.method(),
                        text(w -> report.test(snapshot, test, running, jvm.pid, w)), test.frame()));
            }
            end(jvm, snapshot, Verdict.HUNG, reportedBefore);
            return;
        }
        if (tests.isEmpty() && !hasWatchedChild(jvm)) {
            String print = fingerprint(snapshot);
            if (!print.equals(jvm.stillPrint)) {
                jvm.stillPrint = print;
                jvm.stillSince = now;
            } else if (now - jvm.stillSince >= settings.timeout().toNanos()) {
                HangReport report = new HangReport();
                report.still(snapshot, jvm.main, now - jvm.stillSince, out);
                failures.add(new CiReports.Failure(jvm.main, "no task moved",
                        text(w -> report.still(snapshot, jvm.main, now - jvm.stillSince, w)), null));
                end(jvm, snapshot, Verdict.HUNG, reportedBefore);
            }
        }
    }

    /** Reports the hang's trace and CI annotations once, and ends the JVM's process tree when asked to. */
    private void end(Watched jvm, Snapshot snapshot, Verdict found, int reportedBefore) {
        jvm.reported = true;
        Recording recording = Recording.NONE;
        try {
            recording = recordings.read(jvm.pid);
        } catch (RuntimeException notRecorded) {
            err.printf("async-inspect: pid %d has no recording to write: %s%n", jvm.pid, notRecorded.getMessage());
        }
        writeTrace(snapshot, recording);
        if (settings.githubActions()) {
            failures.subList(reportedBefore, failures.size()).forEach(f -> out.println(CiReports.githubAnnotation(f)));
        }
        boolean ending = found == Verdict.DEADLOCKED ? settings.failOnDeadlock() : settings.failOnHang();
        if (ending) {
            verdict = verdict == Verdict.DEADLOCKED ? verdict : found;
            out.printf("Ending pid %d and the processes it started.%n", jvm.pid);
            endTree(jvm.pid);
        } else {
            out.println("The build goes on (--fail-on-hang ends a hung JVM).");
        }
        out.flush();
    }

    private void writeTrace(Snapshot snapshot, Recording recording) {
        Path json = settings.trace();
        String name = json.getFileName().toString();
        Path chrome = json.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".chrome.json");
        boolean written = writeQuietly(json, w -> TextExporter.FORMATS.named("json").orElseThrow()
                .write(snapshot, recording.events(), w))
                && writeQuietly(chrome, w -> TextExporter.FORMATS.named("chrome").orElseThrow()
                .write(snapshot, recording.events(), w));
        if (written) {
            out.printf("Trace written to %s (and %s for Perfetto)%n", json, chrome.getFileName());
        }
    }

    private boolean writeQuietly(Path file, PrivateFile.Text text) {
        try {
            PrivateFile.replaceText(file, text);
            return true;
        } catch (IOException | RuntimeException unwritable) {
            err.printf("async-inspect: cannot write %s: %s%n", file, unwritable.getMessage());
            return false;
        }
    }

    private boolean hasWatchedChild(Watched jvm) {
        return ProcessHandle.of(jvm.pid).stream().flatMap(ProcessHandle::descendants)
                .anyMatch(child -> watched.containsKey(child.pid()) && child.isAlive());
    }

    /** What moves when anything does: each task's state and where it is. */
    private static String fingerprint(Snapshot snapshot) {
        StringBuilder print = new StringBuilder();
        for (Task task : snapshot.tasks()) {
            Frame top = task.frames().isEmpty() ? null : task.frames().get(0);
            print.append(task.id()).append(' ').append(task.state().label()).append(' ')
                    .append(top == null ? "" : top.function() + ":" + top.line()).append('\n');
        }
        return print.toString();
    }

    private static void endTree(long pid) {
        ProcessHandle.of(pid).ifPresent(jvm -> {
            List<ProcessHandle> tree = new ArrayList<>(jvm.descendants().toList());
            tree.add(jvm);
            tree.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + 5_000_000_000L;
            for (ProcessHandle process : tree) {
                try {
                    process.onExit().get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
                            TimeUnit.MILLISECONDS);
                } catch (Exception stillThere) {
                    process.destroyForcibly();
                }
            }
        });
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String text(PrivateFile.Text writes) {
        StringWriter text = new StringWriter();
        try (PrintWriter writer = new PrintWriter(text)) {
            writes.writeTo(writer);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return Objects.requireNonNull(text.toString());
    }
}
