package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The target is sacred: whatever happens to the tool, the target's ticks keep coming. */
@JvmTier
class SafetyTest {

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void targetRunsOnAfterQuitAndAfterTheToolIsKilled(Jdk jdk) throws Exception {
        try (TargetJvm target = TargetJvm.start(jdk, TargetJvm.JDWP, "Idle")) {
            String pid = Long.toString(target.pid());
            Tool.Result quit = Tool.run("tasks\nquit\n", "attach", "--pid", pid);
            assertThat(quit.exitCode()).as(quit.err()).isZero();
            target.assertRunsOn();

            try (Conversation tool = Conversation.attach(target)) {   // stdin open: a session that never ends
                tool.ask("tasks", "main", 60);
                tool.kill();
            }
            target.assertRunsOn();

            try (Conversation interrupted = Conversation.attach(target)) {
                interrupted.ask("threads", "main", 60);             // attached
                interrupted.terminate();                            // SIGTERM, as Ctrl-C's shutdown path
            }
            target.assertRunsOn();

            // JDWP listens again on a new port after a detach: attaching again works.
            Tool.Result again = Tool.run(null, "attach", "--pid", pid, "--exec", "threads");
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("main");
        }
    }

}
