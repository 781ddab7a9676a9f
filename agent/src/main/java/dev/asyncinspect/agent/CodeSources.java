package dev.asyncinspect.agent;

import dev.asyncinspect.heap.ClassFiles;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Where the target's loaded classes came from, for reading their class files. */
public final class CodeSources {

    private CodeSources() {}

    /**
     * The jar or directory a loaded class came from, by its code source: read from the JDK's own fields
     * (a protection domain is set at definition), so a custom loader's code never runs.
     */
    public static Optional<Path> of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location != null && location.getProtocol().equals("file")) {
            try {
                return Optional.of(Path.of(location.toURI()));
            } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException odd) {
                // not a path on this file system
            }
        }
        return Optional.empty();
    }

    /** The class files of the target's class path, and of the places its classes were loaded from. */
    public static ClassFiles classFiles(Function<String, Optional<Path>> loadedFrom) {
        return new ClassFiles(List.of(System.getProperty("java.class.path", "").split(File.pathSeparator)),
                System.getProperty("user.dir"), loadedFrom);
    }
}
