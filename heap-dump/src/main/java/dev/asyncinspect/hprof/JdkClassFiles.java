package dev.asyncinspect.hprof;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The dumped JVM's own class files, from its {@code java.home} when that JDK is on this machine (its
 * {@code lib/modules} image, read through that JDK's jrt file system). The recognizers read a few
 * JDK methods' bytecode, as they do over JDWP.
 */
final class JdkClassFiles implements AutoCloseable {

    private final FileSystem image;
    private final List<Path> modules;

    private JdkClassFiles(FileSystem image, List<Path> modules) {
        this.image = image;
        this.modules = modules;
    }

    /** Empty when the JDK is not here or is older than 9 (no module image). */
    static Optional<JdkClassFiles> open(String javaHome) {
        if (javaHome == null || !Files.isRegularFile(Path.of(javaHome, "lib", "modules"))) {
            return Optional.empty();
        }
        try {
            FileSystem image = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", javaHome));
            try (Stream<Path> list = Files.list(image.getPath("/modules"))) {
                return Optional.of(new JdkClassFiles(image, list.toList()));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Optional<byte[]> read(String className) {
        String resource = className.replace('.', '/') + ".class";
        for (Path module : modules) {
            Path file = module.resolve(resource);
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(Files.readAllBytes(file));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            image.close();
        } catch (IOException | UnsupportedOperationException ignored) {
            // Read-only image.
        }
    }
}
