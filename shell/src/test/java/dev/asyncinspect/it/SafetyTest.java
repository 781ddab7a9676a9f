package dev.asyncinspect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
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

            Process tool = Tool.start("attach", "--pid", pid);   // stdin open: a session that never ends
            tool.getOutputStream().write("tasks\n".getBytes());
            tool.getOutputStream().flush();
            TimeUnit.SECONDS.sleep(3);
            tool.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            target.assertRunsOn();

            Process interrupted = Tool.start("attach", "--pid", pid);
            TimeUnit.SECONDS.sleep(3);
            interrupted.destroy();                                // SIGTERM, as Ctrl-C's shutdown path
            interrupted.waitFor(10, TimeUnit.SECONDS);
            target.assertRunsOn();

            // JDWP listens again on a new port after a detach: attaching again works.
            Tool.Result again = Tool.run(null, "attach", "--pid", pid, "--exec", "threads");
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("main");
        }
    }

}
