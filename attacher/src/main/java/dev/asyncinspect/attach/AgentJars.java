package dev.asyncinspect.attach;

import dev.asyncinspect.source.PrivateFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.jar.JarEntry;

/**
 * The agent's three jars, copied out of the tool into a directory only this user can enter. Their
 * names carry a hash of their content, so a target that loads the same build again finds the
 * class loader it already has; the JVMTI library is copied next to them by the agent itself.
 *
 * @param home    {@code $TMPDIR/async-inspect-USER}, mode 0700
 * @param boot    the jar the Attach API loads (one class, on the app's class path)
 * @param payload everything else, loaded behind the agent's own class loader
 * @param probes  the recorder's one class for the boot class path
 * @param natives where the agent copies its JVMTI library: one directory per payload, since a
 *                library file can be loaded by one class loader only
 */
record AgentJars(Path home, Path boot, Path payload, Path probes, Path natives) {

    private static final String RESOURCES = "/dev/asyncinspect/attach/agent/";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final String ANSWER_PREFIX = "snapshot-";

    static AgentJars install() {
        try {
            Path home = privateHome();
            removeAbandonedAnswers(home);
            Path payload = copy(home, "async-inspect-agent-payload.jar");
            Path natives = home.resolve(payload.getFileName().toString().replace(".jar", "-native"));
            if (!Files.isDirectory(natives, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(natives, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            return new AgentJars(home, copy(home, "async-inspect-agent-boot.jar"), payload,
                    copy(home, "async-inspect-agent-probes.jar"), natives);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the async-inspect agent: " + e.getMessage(), e);
        }
    }

    /** A fresh 0700 directory in home for one answer of the agent. */
    Path answerDirectory() throws IOException {
        return PrivateFile.newDirectory(home, ANSWER_PREFIX);
    }

    /** Answers a killed tool never read; an hour is far longer than any snapshot. */
    private static void removeAbandonedAnswers(Path home) throws IOException {
        long abandoned = System.currentTimeMillis() - 3_600_000;
        try (var entries = Files.newDirectoryStream(home, ANSWER_PREFIX + "*")) {
            for (Path answer : entries) {
                if (Files.getLastModifiedTime(answer, LinkOption.NOFOLLOW_LINKS).toMillis() < abandoned) {
                    deleteAnswer(answer);
                }
            }
        }
    }

    /** Removes an answer directory and what the agent wrote in it; a leftover harms no one. */
    static void deleteAnswer(Path answer) {
        try (var files = Files.walk(answer)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Private to this user, and removed after an hour by the next run.
        }
    }

    private static Path privateHome() throws IOException {
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "async-inspect-" + System.getProperty("user.name"));
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(home, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Another async-inspect made it a moment ago; checked below like any other.
            }
        }
        PosixFileAttributes attributes = Files.readAttributes(home, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || !attributes.owner().getName().equals(System.getProperty("user.name"))
                || !attributes.permissions().equals(OWNER_ONLY)) {
            throw new IOException(home + " is not a directory private to " + System.getProperty("user.name")
                    + " (expected owner-only mode 0700); remove it");
        }
        return home;
    }

    private static Path copy(Path home, String name) throws IOException {
        URL resource = AgentJars.class.getResource(RESOURCES + name);
        if (resource == null) {
            throw new IOException("this build of async-inspect has no " + name + " (build it with scripts/build)");
        }
        Path target = home.resolve(name.replace(".jar", "-" + contentKey(resource) + ".jar"));
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            byte[] jar = read(resource);
            PrivateFile.replace(target, out -> out.write(jar));
        }
        return target;
    }

    /**
     * What tells one build's jar from another's: inside the tool's jar, the entry's CRC-32 and size, which its
     * directory holds (reading and hashing the jars took a tenth of every start); else a hash of the content.
     */
    private static String contentKey(URL resource) throws IOException {
        if (resource.openConnection() instanceof JarURLConnection inJar) {
            JarEntry entry = inJar.getJarEntry();
            if (entry.getCrc() != -1 && entry.getSize() != -1) {
                return HexFormat.of().toHexDigits((int) entry.getCrc()) + Long.toHexString(entry.getSize());
            }
        }
        return hash(read(resource));
    }

    private static byte[] read(URL resource) throws IOException {
        try (InputStream in = resource.openStream()) {
            return in.readAllBytes();
        }
    }

    private static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
