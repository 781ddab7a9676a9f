package dev.asyncinspect.attach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What the operating system (Linux) says about a process, before we try to attach to it: all of it read from
 * {@code /proc}, which answers in microseconds (loading a native bridge to libc took 70 ms of every start).
 */
public final class ProcessFacts {

    /** Whether our standard input is a terminal (a person typing) rather than a pipe or file (a script). */
    public boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    /** Whether our standard error is a terminal, where progress may be drawn; piped, it stays quiet. */
    public boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /** A descriptor open on a terminal links to its device: a pseudo-terminal, a console; a pipe or file does not. */
    private static boolean isTerminal(int descriptor) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(descriptor))).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Whether the process exists, whoever's it is. */
    public boolean exists(long pid) {
        return pid > 0 && pid <= Integer.MAX_VALUE && ProcessHandle.of(pid).isPresent();
    }

    /** Whether the process has exited and waits only for its parent to collect it (a zombie), or is being removed. */
    public boolean exited(long pid) {
        try {
            String stat = Files.readString(proc(pid).resolve("stat"));
            int afterName = stat.lastIndexOf(')');
            char state = afterName >= 0 && afterName + 2 < stat.length() ? stat.charAt(afterName + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return false;
        }
    }

    public OptionalInt ownerUid(long pid) {
        try {
            return OptionalInt.of((Integer) Files.getAttribute(proc(pid), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalInt.empty();
        }
    }

    public String userName(int uid) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.map(line -> line.split(":"))
                    .filter(fields -> fields.length > 2 && fields[2].equals(Integer.toString(uid)))
                    .map(fields -> fields[0])
                    .findFirst()
                    .orElse(Integer.toString(uid));
        } catch (IOException | UncheckedIOException e) {
            return Integer.toString(uid);
        }
    }

    /** Our effective uid: /proc/self belongs to it. */
    public int currentUid() {
        return ownerUid(ProcessHandle.current().pid()).orElseThrow(() -> new IllegalStateException("cannot read /proc/self"));
    }

    public String commandName(long pid) {
        try {
            return Files.readString(proc(pid).resolve("comm")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * A JVM maps libjvm.so; that also catches custom launchers. When the maps are not readable
     * (another user's process), fall back to the executable being called "java".
     */
    public boolean looksLikeJvm(long pid) {
        try (Stream<String> maps = Files.lines(proc(pid).resolve("maps"))) {
            return maps.anyMatch(line -> line.endsWith("/libjvm.so"));
        } catch (IOException | UncheckedIOException e) {
            return executableName(pid).equals("java");
        }
    }

    private String executableName(long pid) {
        try {
            return Files.readSymbolicLink(proc(pid).resolve("exe")).getFileName().toString();
        } catch (IOException e) {
            List<String> cmdline = commandLine(pid);
            return cmdline.isEmpty() ? "" : Path.of(cmdline.get(0)).getFileName().toString();
        }
    }

    private List<String> commandLine(long pid) {
        try {
            String raw = Files.readString(proc(pid).resolve("cmdline"));
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path proc(long pid) {
        return Path.of("/proc", Long.toString(pid));
    }
}
