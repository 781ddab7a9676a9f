package dev.asyncinspect.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.heap.ClassFiles.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a class came from, as the JDK's and Spring Boot's loaders write it in its code source. */
class CodeSourcesTest {

    /** A class to define again, in a loader of its own, under a chosen code source. */
    public static final class Sample {}

    @Test
    void aJarOrDirectory() throws Exception {
        assertThat(originUnder("file:/opt/app/lib/shop.jar")).contains(Origin.of(Path.of("/opt/app/lib/shop.jar")));
        assertThat(originUnder("file:/opt/app/classes/")).contains(Origin.of(Path.of("/opt/app/classes")));
        assertThat(originUnder("jar:file:/opt/app/shop.jar!/")).contains(Origin.of(Path.of("/opt/app/shop.jar")));
    }

    @Test
    void springBootNestedJarsAndClasses() throws Exception {
        assertThat(originUnder("jar:nested:/opt/my%20app/app.jar/!BOOT-INF/lib/netty-common-4.2.jar!/"))
                .contains(new Origin(Path.of("/opt/my app/app.jar"), "BOOT-INF/lib/netty-common-4.2.jar"));
        assertThat(originUnder("jar:nested:/opt/app.jar/!BOOT-INF/classes/!/"))
                .contains(new Origin(Path.of("/opt/app.jar"), "BOOT-INF/classes/"));
        assertThat(originUnder("jar:file:/opt/app.jar!/BOOT-INF/lib/reactor-core.jar!/"))
                .contains(new Origin(Path.of("/opt/app.jar"), "BOOT-INF/lib/reactor-core.jar"));
        assertThat(originUnder("jar:file:/opt/app.jar!/BOOT-INF/classes!/"))
                .contains(new Origin(Path.of("/opt/app.jar"), "BOOT-INF/classes/"));
    }

    @Test
    void deeperOrForeignPlacesAreNotGuessed() throws Exception {
        assertThat(originUnder("jar:file:/opt/app.jar!/lib/a.jar!/inner/b.jar!/")).isEmpty();
        assertThat(originUnder("http://example.invalid/shop.jar")).isEmpty();
    }

    private static Optional<Origin> originUnder(String location) throws Exception {
        // The JDK's jar handler refuses "nested:" inside; Spring Boot's own handler takes it, as this one does.
        URL url = location.startsWith("jar:nested:") ? new URL(null, location, new VerbatimJarHandler()) : new URL(location);
        CodeSource source = new CodeSource(url, (Certificate[]) null);
        return CodeSources.of(new OneClassLoader(new ProtectionDomain(source, null)).sample());
    }

    private static final class VerbatimJarHandler extends URLStreamHandler {
        @Override
        protected void parseURL(URL url, String spec, int start, int limit) {
            setURL(url, "jar", null, -1, null, null, spec.substring(start, limit), null, null);
        }

        @Override
        protected URLConnection openConnection(URL url) {
            throw new UnsupportedOperationException("never opened");
        }
    }

    private static final class OneClassLoader extends ClassLoader {
        private final ProtectionDomain domain;

        OneClassLoader(ProtectionDomain domain) {
            super(null);
            this.domain = domain;
        }

        Class<?> sample() throws IOException {
            String resource = Sample.class.getName().replace('.', '/') + ".class";
            try (InputStream in = CodeSourcesTest.class.getClassLoader().getResourceAsStream(resource)) {
                byte[] bytes = in.readAllBytes();
                return defineClass(Sample.class.getName(), bytes, 0, bytes.length, domain);
            }
        }
    }
}
