package dev.asyncinspect.agent.jvmti;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LoadTest {

    @Test
    void theLibraryIsWrittenForTheOwnerOnlyAndLoadedOnce() throws Exception {
        Path directory = Library.load();
        Path other = Library.privateDirectory();
        Jvmti.load(other);

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(directory.resolve("libasyncinspect-linux-x86_64.so"));
        }
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve("libasyncinspect-linux-x86_64.so"))))
                .isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(other)) {
            assertThat(files).isEmpty();
        }
        assertThat(Jvmti.allThreads()).isNotEmpty();
    }
}
