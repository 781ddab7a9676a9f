package dev.asyncinspect.attach;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.asyncinspect.attach.TestTargets.JDK17;
import static dev.asyncinspect.attach.TestTargets.JDK25;
import static dev.asyncinspect.attach.TestTargets.JDWP;
import static dev.asyncinspect.attach.TestTargets.MAIN;
import static org.assertj.core.api.Assertions.assertThat;

@JvmTier
class JvmDirectoryTest {

    private final TestTargets targets = new TestTargets();

    @AfterEach
    void killTargets() throws InterruptedException {
        targets.close();
    }

    @Test
    void listsStartedJvmsWithMainClassVersionAndJdwpState() {
        Process plain = targets.sleepingJvm(JDK17);
        Process listening = targets.sleepingJvm(JDK25, JDWP);
        Process dormant = targets.sleepingJvm(JDK17, JDWP + ",onjcmd=y");

        List<JvmDescriptor> jvms = new JvmDirectory().list();

        assertThat(find(jvms, plain)).satisfies(jvm -> {
            assertThat(jvm.mainClass()).isEqualTo(MAIN);
            assertThat(jvm.javaVersion()).startsWith("17");
            assertThat(jvm.inspectability()).isEqualTo(Inspectability.NONE);
        });
        assertThat(find(jvms, listening)).satisfies(jvm -> {
            assertThat(jvm.javaVersion()).startsWith("25");
            assertThat(jvm.inspectability()).isEqualTo(Inspectability.JDWP_LISTENING);
            assertThat(jvm.note()).matches("127\\.0\\.0\\.1:\\d+");
        });
        assertThat(find(jvms, dormant).inspectability()).isEqualTo(Inspectability.JDWP_DORMANT);
        assertThat(jvms).extracting(JvmDescriptor::pid)
                .isSorted()
                .doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    void labelsAreLowerCaseWords() {
        assertThat(Inspectability.JDWP_LISTENING.label()).isEqualTo("jdwp listening");
        assertThat(Inspectability.JDWP_DORMANT.label()).isEqualTo("jdwp dormant");
        assertThat(Inspectability.NONE.label()).isEqualTo("none");
        assertThat(Inspectability.UNKNOWN.label()).isEqualTo("unknown");
    }

    private static JvmDescriptor find(List<JvmDescriptor> jvms, Process process) {
        return jvms.stream().filter(jvm -> jvm.pid() == process.pid()).findFirst()
                .orElseThrow(() -> new AssertionError("pid " + process.pid() + " not listed in " + jvms));
    }
}
