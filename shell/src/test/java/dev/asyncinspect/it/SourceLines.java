package dev.asyncinspect.it;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** Expected line numbers come from {@code // @line:NAME} markers in the example sources, never from constants. */
final class SourceLines {

    private SourceLines() {}

    static int of(String example, String marker) throws IOException {
        List<String> lines = Files.readAllLines(TargetJvm.examplesSource(example));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("// @line:" + marker)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no marker @line:" + marker + " in " + example);
    }
}
