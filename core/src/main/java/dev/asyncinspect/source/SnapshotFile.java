package dev.asyncinspect.source;

import dev.asyncinspect.model.Snapshot;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * How the agent hands a snapshot to the tool: the model records, serialized, in a private file.
 * Both ends run the same build of the model, and the reader accepts nothing but model types.
 */
public final class SnapshotFile {

    private static final ObjectInputFilter MODEL_ONLY = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;dev.asyncinspect.model.**;java.util.*;java.time.*;java.lang.*;!*");

    private SnapshotFile() {}

    /** Writes atomically (a temporary file moved into place), readable by the owner only. */
    public static void write(Snapshot snapshot, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (ObjectOutputStream out = new ObjectOutputStream(
                new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16))) {
            out.writeObject(snapshot);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static Snapshot read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             ObjectInputStream in = new ObjectInputStream(raw)) {
            in.setObjectInputFilter(MODEL_ONLY);
            return (Snapshot) in.readObject();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("the agent's snapshot does not match this build of the tool: " + e.getMessage(), e);
        }
    }
}
