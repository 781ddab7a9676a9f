package dev.asyncinspect.attach;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** What the operating system (Linux) says about a process, before we try to attach to it. */
public final class ProcessFacts {

    private static final int EPERM = 1;

    /** The libc calls Java has no portable equivalent for. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int kill(int pid, int sig);

        int geteuid();

        int isatty(int fd);
    }

    /** Whether our standard input is a terminal (a person typing) rather than a pipe or file (a script). */
    public boolean stdinIsTerminal() {
        return LibC.INSTANCE.isatty(0) == 1;
    }

    /** Whether our standard error is a terminal, where progress may be drawn; piped, it stays quiet. */
    public boolean stderrIsTerminal() {
        return LibC.INSTANCE.isatty(2) == 1;
    }

    public boolean exists(long pid) {
        // 0 and negative pids address process groups in kill(2), never a single process.
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            return false;
        }
        if (LibC.INSTANCE.kill((int) pid, 0) == 0) {
            return true;
        }
        return Native.getLastError() == EPERM; // ESRCH: no such process; EPERM: someone else's
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

    public int currentUid() {
        return LibC.INSTANCE.geteuid();
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
