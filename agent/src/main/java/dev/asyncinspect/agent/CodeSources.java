package dev.asyncinspect.agent;

import dev.asyncinspect.heap.ClassFiles;
import dev.asyncinspect.heap.ClassFiles.Origin;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
     * The jar, directory or nested jar a loaded class came from, by its code source: read from the JDK's own
     * fields (a protection domain is set at definition; a URL's protocol and file are fields), so a custom
     * loader's or URL handler's code never runs. Spring Boot's loaders name a nested jar
     * {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/} (3.2 on) or {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/}.
     */
    public static Optional<Origin> of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return Optional.empty();
        }
        try {
            if (location.getProtocol().equals("file")) {
                return Optional.of(Origin.of(Path.of(location.toURI())));
            }
            return location.getProtocol().equals("jar") ? inArchive(location.getFile()) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException odd) {
            return Optional.empty();    // not a path on this file system
        }
    }

    /** {@code nested:/app.jar/!BOOT-INF/lib/x.jar!/}, {@code file:/app.jar!/BOOT-INF/classes!/} or {@code file:/x.jar!/}. */
    private static Optional<Origin> inArchive(String file) {
        String inner = file.endsWith("!/") ? file.substring(0, file.length() - 2) : file;
        String archive;
        String entry;
        if (inner.startsWith("nested:") && inner.contains("/!")) {
            archive = inner.substring("nested:".length(), inner.indexOf("/!"));
            entry = inner.substring(inner.indexOf("/!") + 2);
        } else if (inner.startsWith("file:")) {
            int separator = inner.contains("!/") ? inner.indexOf("!/") : inner.length();
            archive = inner.substring("file:".length(), separator);
            entry = inner.substring(Math.min(separator + 2, inner.length()));
        } else {
            return Optional.empty();
        }
        if (entry.contains("!")) {
            return Optional.empty();    // deeper nesting than a jar in a jar
        }
        String place = entry.isEmpty() || entry.endsWith(".jar") || entry.endsWith("/") ? entry : entry + "/";
        Path path = Path.of(URLDecoder.decode(archive.replace("+", "%2B"), StandardCharsets.UTF_8));
        return Optional.of(new Origin(path, place));
    }

    /** The class files of the target's class path, and of the places its classes were loaded from. */
    public static ClassFiles classFiles(Function<String, Optional<Origin>> loadedFrom) {
        return new ClassFiles(List.of(System.getProperty("java.class.path", "").split(File.pathSeparator)),
                System.getProperty("user.dir"), loadedFrom);
    }
}
