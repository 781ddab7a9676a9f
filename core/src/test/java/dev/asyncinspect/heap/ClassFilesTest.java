package dev.asyncinspect.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class files found where the target's loaders find them: fat jars' own classes and nested jars, manifest class paths. */
class ClassFilesTest {

    @TempDir
    Path dir;

    @Test
    void springBootArchiveClassesAndNestedJars() throws IOException {
        byte[] library = jar(null, Map.of("lib/Helper.class", bytes("helper")), false);
        Path app = dir.resolve("app.jar");
        Files.write(app, jar(null, Map.of(
                "org/springframework/boot/loader/launch/JarLauncher.class", bytes("launcher"),
                "BOOT-INF/classes/shop/Checkout.class", bytes("checkout"),
                "BOOT-INF/lib/helper.jar", library), true));
        try (ClassFiles files = new ClassFiles(List.of(app.toString()), null)) {
            assertThat(files.read("shop.Checkout")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("checkout")));
            assertThat(files.read("lib.Helper")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("helper")));
            assertThat(files.read("org.springframework.boot.loader.launch.JarLauncher")).isPresent();
            assertThat(files.read("shop.Missing")).isEmpty();
        }
    }

    @Test
    void whereAClassWasLoadedFromIsLookedInFirst() throws IOException {
        Path app = dir.resolve("app.jar");
        Files.write(app, jar(null, Map.of(
                "BOOT-INF/classes/shop/Checkout.class", bytes("checkout"),
                "BOOT-INF/lib/a-older-copy.jar", jar(null, Map.of("lib/Helper.class", bytes("old helper"),
                        "shop/Checkout$$SpringCGLIB$$0.class", bytes("a stale copy")), false),
                "BOOT-INF/lib/helper.jar", jar(null, Map.of("lib/Helper.class", bytes("helper")), false)), true));
        Map<String, ClassFiles.Origin> origins = Map.of(
                "lib.Helper", new ClassFiles.Origin(app, "BOOT-INF/lib/helper.jar"),
                "shop.Checkout", new ClassFiles.Origin(app, "BOOT-INF/classes/"),
                "shop.Checkout$$SpringCGLIB$$0", new ClassFiles.Origin(app, "BOOT-INF/classes/"));
        try (ClassFiles files = new ClassFiles(List.of(app.toString()), null, name -> Optional.ofNullable(origins.get(name)))) {
            assertThat(files.read("lib.Helper")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("helper")));
            assertThat(files.read("shop.Checkout")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("checkout")));
            assertThat(files.read("shop.Checkout$$SpringCGLIB$$0")).as("generated where it was defined: the class path is not searched").isEmpty();
        }
        try (ClassFiles files = new ClassFiles(List.of(), null, name -> Optional.ofNullable(origins.get(name)))) {
            assertThat(files.read("lib.Helper")).as("no class path: the origin alone").isPresent();
        }
    }

    @Test
    void manifestClassPathOfAnExtractedApp() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.write(dir.resolve("lib/service.jar"), jar(null, Map.of("svc/Quotes.class", bytes("quotes")), false));
        Files.write(dir.resolve("app.jar"), jar("lib/service.jar lib/absent.jar", Map.of("app/Main.class", bytes("main")), false));
        try (ClassFiles files = new ClassFiles(List.of("app.jar"), dir.toString())) {
            assertThat(files.read("svc.Quotes")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("quotes")));
            assertThat(files.read("app.Main")).isPresent();
        }
    }

    @Test
    void notAJarIsSkipped() throws IOException {
        Path bogus = dir.resolve("bogus.jar");
        Files.writeString(bogus, "not a zip");
        Path classes = Files.createDirectories(dir.resolve("classes/x"));
        Files.write(classes.resolve("Y.class"), bytes("y"));
        try (ClassFiles files = new ClassFiles(List.of(bogus.toString(), dir.resolve("classes").toString()), null)) {
            assertThat(files.read("x.Y")).isPresent();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A jar; nested jars stored uncompressed, as Spring Boot's plugin writes them. */
    private static byte[] jar(String classPath, Map<String, byte[]> entries, boolean storeJars) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (var entry : new java.util.TreeMap<>(entries).entrySet()) {
                JarEntry jarEntry = new JarEntry(entry.getKey());
                if (storeJars && entry.getKey().endsWith(".jar")) {
                    CRC32 crc = new CRC32();
                    crc.update(entry.getValue());
                    jarEntry.setMethod(JarEntry.STORED);
                    jarEntry.setSize(entry.getValue().length);
                    jarEntry.setCrc(crc.getValue());
                }
                jar.putNextEntry(jarEntry);
                ((OutputStream) jar).write(entry.getValue());
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
