package dev.asyncinspect.source;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read (0600): everything written from a target's data (snapshots,
 * exports, the agent's answers and jars) is written here, one way.
 */
public final class PrivateFile {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

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
        Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".partial", OWNER_ONLY);
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

    /** A new file, written in place: for an answer read while it is written, whose end marker tells whole from cut short. */
    public static OutputStream create(Path file) throws IOException {
        Files.createFile(file, OWNER_ONLY);
        return Files.newOutputStream(file, StandardOpenOption.WRITE);
    }
}
