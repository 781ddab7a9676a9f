package dev.asyncinspect.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ParsedClassTest {

    static final class Sample {
        private final String first = "a";
        private static int counter;
        private final long second = 2;

        static String join(String left, long middle, String right) {
            String both = left + right;
            return both + middle;
        }

        int size(String text) {
            return text.length();
        }
    }

    private static ParsedClass sample() throws Exception {
        try (InputStream in = Sample.class.getResourceAsStream("ParsedClassTest$Sample.class")) {
            return ParsedClass.parse(in.readAllBytes());
        }
    }

    @Test
    void methodsWithParameterNamesLinesLocalsAndCode() throws Exception {
        ParsedClass parsed = sample();
        assertThat(parsed.name).isEqualTo(Sample.class.getName());
        assertThat(parsed.sourceFile).isEqualTo("ParsedClassTest.java");
        assertThat(parsed.instanceFields).containsExactly("first", "second");

        ParsedClass.Method join = parsed.method("join", "(Ljava/lang/String;JLjava/lang/String;)Ljava/lang/String;").orElseThrow();
        assertThat(join.isStatic()).isTrue();
        assertThat(join.facts().parameterNames()).containsExactly("left", "middle", "right");
        assertThat(join.facts().file()).isEqualTo("ParsedClassTest.java");
        assertThat(join.facts().firstLine()).isPositive();
        assertThat(join.facts().bytecode()).isNotEmpty();
        assertThat(join.locals()).extracting(ParsedClass.LocalVariable::name).contains("left", "middle", "right", "both");
        assertThat(join.lines()).isNotEmpty();

        ParsedClass.Method size = parsed.method("size", "(Ljava/lang/String;)I").orElseThrow();
        assertThat(size.isStatic()).isFalse();
        assertThat(size.facts().parameterNames()).containsExactly("text");
        assertThat(parsed.constantPool.count()).isPositive();
    }

    @Test
    void hiddenClassNamesKeepTheirSlash() {
        assertThat(ClassNames.hidden("a.B$$Lambda.0x0000000801001234")).isEqualTo("a.B$$Lambda/0x0000000801001234");
        assertThat(ClassNames.fromInternal("a/B$$Lambda+0x0000000801001234")).isEqualTo("a.B$$Lambda/0x0000000801001234");
        assertThat(ClassNames.fromInternal("java/lang/String")).isEqualTo("java.lang.String");
        assertThat(LambdaSites.host("a.B$$Lambda$14/0x0000000800c0b230")).isEqualTo("a.B");
    }
}
