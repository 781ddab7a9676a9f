package dev.asyncinspect.heap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The target's class files, read from its class path on this machine: neither JDI, a late agent nor a heap dump
 * offers annotations or the source debug extension,
 * so facts such as Kotlin's DebugMetadata come from the class bytes on disk.
 */
public final class ClassFiles implements AutoCloseable {

    private final List<Path> entries;
    private final Map<Path, Optional<JarFile>> jars = new ConcurrentHashMap<>();

    public ClassFiles(List<String> classPath, String baseDirectory) {
        Path base = Path.of(baseDirectory == null ? "." : baseDirectory);
        List<Path> resolved = new ArrayList<>();
        for (String entry : classPath) {
            if (!entry.isBlank()) {
                resolved.add(base.resolve(entry).normalize());
            }
        }
        this.entries = List.copyOf(resolved);
    }

    public Optional<byte[]> read(String className) {
        String resource = className.replace('.', '/') + ".class";
        for (Path entry : entries) {
            try {
                if (Files.isDirectory(entry)) {
                    Path file = entry.resolve(resource);
                    if (Files.isRegularFile(file)) {
                        return Optional.of(Files.readAllBytes(file));
                    }
                } else {
                    Optional<JarFile> jar = jars.computeIfAbsent(entry, ClassFiles::open);
                    if (jar.isPresent()) {
                        ZipEntry found = jar.get().getEntry(resource);
                        if (found != null) {
                            try (InputStream in = jar.get().getInputStream(found)) {
                                return Optional.of(in.readAllBytes());
                            }
                        }
                    }
                }
            } catch (IOException unreadable) {
                // Try the next entry, as the class loader would.
            }
        }
        return Optional.empty();
    }

    private static Optional<JarFile> open(Path path) {
        try {
            return Files.isRegularFile(path) ? Optional.of(new JarFile(path.toFile())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        jars.values().forEach(jar -> jar.ifPresent(j -> {
            try {
                j.close();
            } catch (IOException ignored) {
                // Read-only; nothing to lose.
            }
        }));
    }
}
