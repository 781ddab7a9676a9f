package dev.asyncinspect.agent.jvmti;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassQueriesTest {

    static class NotYetInitialized {
        static final long STAMP = System.nanoTime();
    }

    @BeforeAll
    static void load() {
        Library.load();
    }

    static int answer() {
        return 42;
    }

    static int ownLine() {
        return new Throwable().getStackTrace()[0].getLineNumber();
    }

    @Test
    void bytecodesOfAKnownMethodAndNoneForAbstractOrNative() throws Exception {
        assertThat(Jvmti.bytecodes(ClassQueriesTest.class.getDeclaredMethod("answer")))
                .containsExactly(0x10, 42, 0xac); // bipush 42, ireturn
        assertThat(Jvmti.bytecodes(ClassQueriesTest.class.getDeclaredConstructor()))
                .startsWith(0x2a); // aload_0
        assertThat(Jvmti.bytecodes(Runnable.class.getMethod("run"))).isNull();
        assertThat(Jvmti.bytecodes(Object.class.getMethod("hashCode"))).isNull();
    }

    @Test
    void constantPoolHoldsTheClassFileEntries() {
        Object[] pool = Jvmti.constantPool(ClassQueriesTest.class);
        assertThat((Integer) pool[0]).isGreaterThan(10);
        assertThat(contains((byte[]) pool[1], utf8Entry("bytecodesOfAKnownMethodAndNoneForAbstractOrNative"))).isTrue();
        assertThat(Jvmti.constantPool(int.class)).isNull();
        assertThat(Jvmti.constantPool(String[].class)).isNull();
    }

    @Test
    void lineNumberTablePairsLocationsWithLines() throws Exception {
        int[] table = Jvmti.lineNumberTable(ClassQueriesTest.class.getDeclaredMethod("ownLine"));
        assertThat(table).hasSize(2).startsWith(0, ownLine());
        assertThat(Jvmti.lineNumberTable(Object.class.getMethod("hashCode"))).isEmpty();
    }

    @Test
    void sourceFileNameWhenThereIsOne() {
        assertThat(Jvmti.sourceFileName(ClassQueriesTest.class)).isEqualTo("ClassQueriesTest.java");
        assertThat(Jvmti.sourceFileName(int.class)).isNull();
    }

    @Test
    void aLambdasHiddenClassHasBytecodesAndAConstantPool() {
        String captured = "captured";
        Runnable lambda = () -> captured.length();
        Class<?> type = lambda.getClass();
        Method run = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals("run")).findFirst().orElseThrow();

        assertThat(type.isHidden()).isTrue();
        Object[] pool = Jvmti.constantPool(type);
        assertThat((Integer) pool[0]).isPositive();
        assertThat(contains((byte[]) pool[1], utf8Entry("run"))).isTrue();
        assertThat(Jvmti.bytecodes(run)).isNotEmpty();
        assertThat(Jvmti.lineNumberTable(run)).isEmpty();
        assertThat(Jvmti.sourceFileName(type)).isNull();
        assertThat(Jvmti.isInitialized(type)).isTrue();
    }

    @Test
    void isInitializedOnlyOnceTheInitializerRan() {
        Class<?> type = NotYetInitialized.class;
        assertThat(Jvmti.isInitialized(type)).isFalse();
        assertThat(NotYetInitialized.STAMP).isPositive();
        assertThat(Jvmti.isInitialized(type)).isTrue();
        assertThat(Jvmti.isInitialized(int.class)).isTrue();
        assertThat(Jvmti.isInitialized(NotYetInitialized[].class)).isTrue();
    }

    @Test
    void allThreadsHasThisOne() {
        assertThat(Jvmti.allThreads()).contains(Thread.currentThread()).allMatch(Thread::isAlive);
    }

    /** A CONSTANT_Utf8 entry as the pool's bytes hold it. */
    private static byte[] utf8Entry(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] entry = new byte[bytes.length + 3];
        entry[0] = 1;
        entry[1] = (byte) (bytes.length >> 8);
        entry[2] = (byte) bytes.length;
        System.arraycopy(bytes, 0, entry, 3, bytes.length);
        return entry;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
