package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a readable heap dump gets one clear line and exit code 1, never a stack trace. */
@JvmTier
class HeapDumpBadInputTest {

    @TempDir
    Path dir;

    private static void assertOneLineFailure(Tool.Result result, String expected) {
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.errLines().get(0)).contains(expected);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingFile() throws Exception {
        assertOneLineFailure(Tool.run(null, "dump", "--heap", dir.resolve("nope.hprof").toString()), "no such file");
    }

    @Test
    void notAHeapDump() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.hprof"), "just some text, long enough to have a header\n");
        assertOneLineFailure(Tool.run(null, "dump", "--heap", text.toString()), "is not an HPROF heap dump");
        assertOneLineFailure(Tool.run(null, "attach", "--heap", text.toString(), "--exec", "tasks"), "is not an HPROF heap dump");
        Path gzip = dir.resolve("dump.hprof.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write("JAVA PROFILE 1.0.2".getBytes());
        }
        assertOneLineFailure(Tool.run(null, "dump", "--heap", gzip.toString()), "is gzip-compressed");
    }

    @Test
    void truncatedHeapDump() throws Exception {
        Path whole = dir.resolve("self.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(whole.toString(), true);
        byte[] bytes = Files.readAllBytes(whole);
        Path half = Files.write(dir.resolve("half.hprof"), Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineFailure(Tool.run(null, "dump", "--heap", half.toString()), "is truncated");
        Tool.Result debug = Tool.run(null, "--debug", "dump", "--heap", half.toString());
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void exactlyOneOfPidAndHeap() throws Exception {
        Tool.Result both = Tool.run(null, "dump", "--pid", "1", "--heap", "x.hprof");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive").doesNotContain("Exception");
        Tool.Result neither = Tool.run(null, "dump");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--pid").contains("--heap");
    }
}
