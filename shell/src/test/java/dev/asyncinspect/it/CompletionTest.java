package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.jdi.JdiControl;
import dev.asyncinspect.jdi.JdiTarget;
import dev.asyncinspect.recognize.values.ValueReader;
import dev.asyncinspect.repl.ParameterCompleter;
import dev.asyncinspect.repl.ReplCommands;
import dev.asyncinspect.repl.Session;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tab completion of {@code break}, short of a terminal (which a test cannot drive): the completer the
 * REPL's line reader uses, fed by the Control's list of the target's loaded functions.
 */
@JvmTier
class CompletionTest {

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void breakCompletesLoadedFunctionsBySimpleAndQualifiedName(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "kotlin.pump.PumpKt");
             JdiTarget jdi = JdiTarget.attach("127.0.0.1", jdwpPort(target), target.pid(), "PumpKt", null);
             JdiControl control = new JdiControl(jdi, ValueReader.Limits.DEFAULT)) {
            assertThat(control.functionNames()).contains("refill", "PumpKt.refill", "pump", "PumpKt.pump")
                    .noneMatch(name -> name.contains("$") || name.contains("invokeSuspend") || name.startsWith("kotlin")
                            || name.contains("<"));

            Session session = new Session(() -> {
                throw new AssertionError("completion takes no snapshot");
            }, control, null);
            ParameterCompleter completer = new ParameterCompleter(ReplCommands.create(session));
            assertThat(complete(completer, "break re")).contains("refill").doesNotContain("pump");
            assertThat(complete(completer, "break PumpKt.")).contains("PumpKt.refill", "PumpKt.pump");
            assertThat(complete(completer, "break --suspend all PumpKt.ref")).containsExactly("PumpKt.refill");
            assertThat(complete(completer, "break ")).contains("task", "complete", "refill");
            assertThat(complete(completer, "break refill if ")).isEmpty();
            assertThat(complete(completer, "export ")).contains("json", "chrome", "folded");
        }
    }

    /** What the reader offers for the word under the cursor at the end of the line. */
    private static List<String> complete(ParameterCompleter completer, String line) {
        ParsedLine parsed = new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, parsed, candidates);
        // The reader keeps the candidates that start with the word typed so far.
        return candidates.stream().map(Candidate::value).filter(v -> v.startsWith(parsed.word())).toList();
    }

    private static int jdwpPort(TargetJvm target) {
        return target.output().stream().filter(l -> l.startsWith("Listening for transport dt_socket at address: "))
                .map(l -> Integer.parseInt(l.substring(l.lastIndexOf(' ') + 1).strip())).findFirst().orElseThrow();
    }
}
