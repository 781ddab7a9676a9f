package dev.asyncinspect.source;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Files only their owner may read (0600): everything written from a target's data (snapshots,
 * exports, the agent's answers and jars) is written here, one way.
 */
public final class PrivateFile {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final AtomicLong NAMES = new AtomicLong();

    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    @FunctionalInterface
    public interface Text {
        void writeTo(PrintWriter out) throws IOException;
    }

    private PrivateFile() {}

    /**
     * Written beside its place and moved there at once, so that a reader (the tool waiting for the
     * agent's answer, another tool sharing the agent's jars) never sees half of it.
     */
    public static void replace(Path file, Content content) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path partial = newFile(absolute.getParent(), absolute.getFileName().toString(), ".partial");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                content.writeTo(out);
            }
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** {@link #replace} for text, in UTF-8. */
    public static void replaceText(Path file, Text text) throws IOException {
        replace(file, out -> {
            PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            text.writeTo(writer);
            writer.flush();
        });
    }

    /**
     * A new empty file of a name no one has. Not {@code Files.createTempFile}: its names come from a SecureRandom,
     * whose first use costs a tenth of a small dump and, inside a target, would run whatever security provider
     * the application installed. Creation fails on any existing name, a planted link included, so a name that
     * can be guessed is no risk.
     */
    public static Path newFile(Path directory, String prefix, String suffix) throws IOException {
        while (true) {
            try {
                return Files.createFile(directory.resolve(uniqueName(prefix) + suffix), OWNER_ONLY);
            } catch (FileAlreadyExistsException taken) {
                // another process's, or a leftover: the next name
            }
        }
    }

    /** A new empty directory (0700) of a name no one has, as {@link #newFile}. */
    public static Path newDirectory(Path parent, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(parent.resolve(uniqueName(prefix)), OWNER_ONLY_DIRECTORY);
            } catch (FileAlreadyExistsException taken) {
                // another process's, or a leftover: the next name
            }
        }
    }

    private static String uniqueName(String prefix) {
        return prefix + ProcessHandle.current().pid() + "-" + Long.toString(System.nanoTime() + NAMES.incrementAndGet(), 36);
    }

    /** A new file, written in place: for an answer read while it is written, whose end marker tells whole from cut short. */
    public static OutputStream create(Path file) throws IOException {
        Files.createFile(file, OWNER_ONLY);
        return Files.newOutputStream(file, StandardOpenOption.WRITE);
    }
}
