package dev.asyncinspect.attach;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.asyncinspect.attach.TestTargets.JDK17;
import static dev.asyncinspect.attach.TestTargets.JDK25;
import static dev.asyncinspect.attach.TestTargets.JDWP;
import static dev.asyncinspect.attach.TestTargets.assertSpeaksJdwp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@JvmTier
class JdwpLocatorTest {

    private final TestTargets targets = new TestTargets();
    private final JdwpLocator locator = new JdwpLocator();

    @AfterEach
    void killTargets() throws InterruptedException {
        targets.close();
    }

    @Test
    void findsListeningJdwpOnJdk17() throws Exception {
        Process target = targets.sleepingJvm(JDK17, JDWP);

        JdwpEndpoint endpoint = locator.locate(target.pid());

        assertThat(endpoint.host()).isEqualTo("127.0.0.1");
        assertSpeaksJdwp(endpoint);
    }

    @Test
    void findsListeningJdwpOnJdk25() throws Exception {
        Process target = targets.sleepingJvm(JDK25, JDWP);

        assertSpeaksJdwp(locator.locate(target.pid()));
    }

    @Test
    void wakesDormantJdwpOnJdk17() throws Exception {
        Process target = targets.sleepingJvm(JDK17, JDWP + ",onjcmd=y");

        JdwpEndpoint endpoint = locator.locate(target.pid());

        assertSpeaksJdwp(endpoint);
        assertThat(new JvmDirectory().list())
                .filteredOn(jvm -> jvm.pid() == target.pid())
                .singleElement()
                .satisfies(jvm -> assertThat(jvm.inspectability()).isEqualTo(Inspectability.JDWP_LISTENING));
    }

    @Test
    void jdk17WithoutJdwpNamesTheFlagAndOnjcmd() {
        Process target = targets.sleepingJvm(JDK17);

        assertThatThrownBy(() -> locator.locate(target.pid()))
                .isInstanceOf(AttachException.class)
                .hasMessageContaining("pid " + target.pid() + " has no JDWP agent")
                .hasMessageContaining(JDWP)
                .hasMessageContaining("onjcmd=y");
    }

    @Test
    void jdk25WithoutJdwpNamesOnlyTheFlag() {
        Process target = targets.sleepingJvm(JDK25);

        assertThatThrownBy(() -> locator.locate(target.pid()))
                .isInstanceOf(AttachException.class)
                .hasMessageContaining(JDWP)
                .hasMessageNotContaining("onjcmd");
    }

    @Test
    void saysWhenAttachIsDisabled() {
        Process target = targets.sleepingJvm(JDK25, "-XX:+DisableAttachMechanism", JDWP);

        assertThatThrownBy(() -> locator.locate(target.pid()))
                .isInstanceOf(AttachException.class)
                .hasMessageContaining("-XX:+DisableAttachMechanism");
    }

    @Test
    void rejectsMissingProcess() {
        // Above the kernel's largest possible pid_max (2^22), so it cannot exist.
        assertThatThrownBy(() -> locator.locate(999_999_999L))
                .isInstanceOf(AttachException.class)
                .hasMessage("no process with pid 999999999");
    }

    @Test
    void rejectsProcessThatIsNotAJvm() {
        Process sleep = targets.start(List.of("sleep", "60"));

        assertThatThrownBy(() -> locator.locate(sleep.pid()))
                .isInstanceOf(AttachException.class)
                .hasMessage("process " + sleep.pid() + " (sleep) is not a Java virtual machine");
        assertThat(sleep.isAlive()).as("no SIGQUIT was sent").isTrue();
    }

    @Test
    void rejectsItself() {
        assertThatThrownBy(() -> locator.locate(ProcessHandle.current().pid()))
                .isInstanceOf(AttachException.class)
                .hasMessageContaining("async-inspect itself");
    }
}
