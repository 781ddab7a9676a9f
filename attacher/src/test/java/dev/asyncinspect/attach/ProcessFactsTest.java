package dev.asyncinspect.attach;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessFactsTest {

    private final ProcessFacts facts = new ProcessFacts();
    private final TestTargets targets = new TestTargets();

    @AfterEach
    void killTargets() throws InterruptedException {
        targets.close();
    }

    @Test
    void knowsWhichPidsExist() {
        assertThat(facts.exists(ProcessHandle.current().pid())).isTrue();
        assertThat(facts.exists(999_999_999L)).isFalse();
        assertThat(facts.exists(0)).as("0 means the process group").isFalse();
        assertThat(facts.exists(-1)).as("-1 means every process").isFalse();
    }

    @Test
    void readsOwnerAndUser() throws Exception {
        long self = ProcessHandle.current().pid();
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");

        assertThat(facts.currentUid()).isEqualTo(uid);
        assertThat(facts.ownerUid(self)).hasValue(uid);
        assertThat(facts.ownerUid(999_999_999L)).isEmpty();
        assertThat(facts.userName(0)).isEqualTo("root");
        assertThat(facts.userName(987_654)).isEqualTo("987654");
    }

    @Test
    void tellsJvmsFromOtherProcesses() {
        Process sleep = targets.start(List.of("sleep", "60"));

        assertThat(facts.looksLikeJvm(ProcessHandle.current().pid())).isTrue();
        assertThat(facts.looksLikeJvm(sleep.pid())).isFalse();
        assertThat(facts.commandName(sleep.pid())).isEqualTo("sleep");
    }
}
