package dev.asyncinspect.heap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * The target's class files, read from its class path on this machine: neither JDI, a late agent nor a heap dump
 * offers annotations or the source debug extension, so facts such as Kotlin's DebugMetadata come from the class
 * bytes on disk. Looked for where the target's loaders look: directories and jars of the class path, the jars a
 * manifest's {@code Class-Path} names, and an executable Spring Boot or WAR archive's own classes and nested jars
 * ({@code BOOT-INF/classes}, {@code BOOT-INF/lib/*.jar}).
 */
public final class ClassFiles implements AutoCloseable {

    private static final List<String> ARCHIVE_CLASSES = List.of("BOOT-INF/classes/", "WEB-INF/classes/");
    private static final List<String> ARCHIVE_LIBS = List.of("BOOT-INF/lib/", "WEB-INF/lib/");

    /** Where classes are looked for, in the loaders' order; opened when first needed. */
    private sealed interface Location permits Directory, Jar, Nested {}

    private record Directory(Path path) implements Location {}

    /** A jar, or a directory inside one ({@code prefix}, for an archive's own classes). */
    private record Jar(JarFile jar, String prefix) implements Location {}

    /** A jar inside a jar, read through the zip file system (stored, so no copy is made). */
    private static final class Nested implements Location {
        final Path outer;
        final String entry;
        FileSystem opened;
        boolean failed;

        Nested(Path outer, String entry) {
            this.outer = outer;
            this.entry = entry;
        }
    }

    private final List<Path> classPath;
    private List<Location> locations;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<Path, FileSystem> outers = new HashMap<>();

    /** Where a class was loaded from, if the source can tell (the agent can). */
    private final Function<String, Optional<Origin>> codeSource;
    private final Map<Origin, Optional<Location>> origins = new HashMap<>();

    /**
     * Where a loaded class came from: a directory or jar ({@code entry} empty), a jar inside an archive
     * ({@code BOOT-INF/lib/x.jar}) or an archive's own classes ({@code BOOT-INF/classes/}).
     */
    public record Origin(Path archive, String entry) {
        public static Origin of(Path path) {
            return new Origin(path, "");
        }
    }

    public ClassFiles(List<String> classPath, String baseDirectory) {
        this(classPath, baseDirectory, name -> Optional.empty());
    }

    /**
     * @param codeSource where a class was loaded from: looked in alone when known, since a lookup along the class path
     *                   opens every jar before the one that has the class (an executable Spring Boot jar nests dozens)
     */
    public ClassFiles(List<String> classPath, String baseDirectory, Function<String, Optional<Origin>> codeSource) {
        this.codeSource = codeSource;
        Path base = Path.of(baseDirectory == null ? "." : baseDirectory);
        List<Path> resolved = new ArrayList<>();
        for (String entry : classPath) {
            if (!entry.isBlank()) {
                resolved.add(base.resolve(entry).normalize());
            }
        }
        this.classPath = List.copyOf(resolved);
    }

    public synchronized Optional<byte[]> read(String className) {
        String resource = className.replace('.', '/') + ".class";
        Optional<Origin> origin = codeSource.apply(className);
        if (origin.isPresent()) {
            // Not there, it was generated (a proxy, a CGLIB subclass): no jar of the class path has it either.
            return origins.computeIfAbsent(origin.get(), this::locationOf).flatMap(at -> readFrom(List.of(at), resource));
        }
        if (locations == null) {
            locations = expand();
        }
        return readFrom(locations, resource);
    }

    /** The one place an origin names, without the jars its manifest or layout add. */
    private Optional<Location> locationOf(Origin origin) {
        Path archive = origin.archive().normalize();
        if (origin.entry().endsWith(".jar")) {
            return Optional.of(new Nested(archive, origin.entry()));
        }
        if (Files.isDirectory(archive)) {
            return Optional.of(new Directory(archive));
        }
        try {
            JarFile jar = new JarFile(archive.toFile());
            open.add(jar);
            return Optional.of(new Jar(jar, origin.entry()));
        } catch (IOException notAJar) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> readFrom(List<Location> places, String resource) {
        for (Location location : places) {
            try {
                Optional<byte[]> found = read(location, resource);
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException unreadable) {
                // Try the next entry, as the class loader would.
            }
        }
        return Optional.empty();
    }

    private Optional<byte[]> read(Location location, String resource) throws IOException {
        if (location instanceof Directory directory) {
            Path file = directory.path().resolve(resource);
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        }
        if (location instanceof Jar jar) {
            ZipEntry found = jar.jar().getEntry(jar.prefix() + resource);
            if (found == null) {
                return Optional.empty();
            }
            try (InputStream in = jar.jar().getInputStream(found)) {
                return Optional.of(in.readAllBytes());
            }
        }
        Nested nested = (Nested) location;
        FileSystem inner = openNested(nested);
        if (inner == null) {
            return Optional.empty();
        }
        Path file = inner.getPath(resource);
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    private FileSystem openNested(Nested nested) {
        if (nested.opened == null && !nested.failed) {
            try {
                FileSystem outer = outers.get(nested.outer);
                if (outer == null) {
                    outer = FileSystems.newFileSystem(nested.outer);
                    outers.put(nested.outer, outer);
                    open.add(outer);
                }
                nested.opened = FileSystems.newFileSystem(outer.getPath(nested.entry));
                open.add(nested.opened);
            } catch (IOException | RuntimeException noZipFileSystem) {
                nested.failed = true;      // e.g. a runtime without jdk.zipfs: that jar's classes are not found
            }
        }
        return nested.opened;
    }

    /** The class path with what each jar's manifest and layout add, each jar once. */
    private List<Location> expand() {
        List<Location> found = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path entry : classPath) {
            add(entry, found, seen, 0);
        }
        return found;
    }

    private void add(Path entry, List<Location> found, Set<Path> seen, int depth) {
        if (!seen.add(entry) || depth > 8) {
            return;
        }
        if (Files.isDirectory(entry)) {
            found.add(new Directory(entry));
            return;
        }
        JarFile jar;
        try {
            if (!Files.isRegularFile(entry)) {
                return;
            }
            jar = new JarFile(entry.toFile());
        } catch (IOException notAJar) {
            return;
        }
        open.add(jar);
        found.add(new Jar(jar, ""));
        Set<String> archiveClasses = new LinkedHashSet<>();
        List<Nested> nested = new ArrayList<>();
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            ARCHIVE_CLASSES.stream().filter(name::startsWith).forEach(archiveClasses::add);
            if (name.endsWith(".jar") && ARCHIVE_LIBS.stream().anyMatch(name::startsWith)) {
                nested.add(new Nested(entry, name));
            }
        }
        archiveClasses.forEach(classes -> found.add(new Jar(jar, classes)));
        found.addAll(nested);
        for (Path listed : manifestClassPath(jar, entry)) {
            add(listed, found, seen, depth + 1);
        }
    }

    /** A manifest's {@code Class-Path}: space-separated URLs relative to the jar's directory. */
    private static List<Path> manifestClassPath(JarFile jar, Path entry) {
        try {
            Manifest manifest = jar.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (value == null || value.isBlank()) {
                return List.of();
            }
            Path directory = entry.toAbsolutePath().getParent();
            List<Path> listed = new ArrayList<>();
            for (String url : value.trim().split("\\s+")) {
                try {
                    String path = java.net.URLDecoder.decode(url.startsWith("file:") ? url.substring(5) : url, "UTF-8");
                    listed.add(directory.resolve(path).normalize());
                } catch (IllegalArgumentException | java.io.UnsupportedEncodingException bad) {
                    // not a path this machine has
                }
            }
            return listed;
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable closeable : open) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Read-only; nothing to lose.
            }
        }
        open.clear();
        outers.clear();
    }
}
