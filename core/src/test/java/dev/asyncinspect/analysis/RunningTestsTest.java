package dev.asyncinspect.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import dev.asyncinspect.model.TaskState;
import dev.asyncinspect.model.TaskState.Phase;
import dev.asyncinspect.model.VmInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The running test found from a thread's stack, as each framework calls it, and nothing else taken for one. */
class RunningTestsTest {

    private static Frame frame(String function) {
        return new Frame(function, function.substring(function.lastIndexOf('.') + 1) + ".java", 10, List.of(), null);
    }

    /** A thread's stack, innermost first. */
    private static List<RunningTests.RunningTest> running(String... innermostFirst) {
        Task thread = new Task("t1", TaskKind.THREAD, "main", new TaskState(Phase.WAITING, "waiting"), null,
                Arrays.stream(innermostFirst).map(RunningTestsTest::frame).toList(), List.of(), List.of(), List.of(), List.of());
        return RunningTests.of(new Snapshot(new VmInfo(1, "surefirebooter.jar", "17", "vm", "agent"), Instant.EPOCH,
                List.of(thread), List.of(), List.of()));
    }

    @Test
    void jupiterOnJdk17UnderSurefire() {
        List<RunningTests.RunningTest> tests = running(
                "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.CompletableFuture.join",
                "dev.shop.CheckoutTest.waitsForPayment",
                "jdk.internal.reflect.NativeMethodAccessorImpl.invoke0",
                "jdk.internal.reflect.NativeMethodAccessorImpl.invoke",
                "java.lang.reflect.Method.invoke",
                "org.junit.platform.commons.util.ReflectionUtils.invokeMethod",
                "org.junit.jupiter.engine.execution.MethodInvocation.proceed",
                "java.lang.reflect.Method.invoke",
                "org.apache.maven.surefire.api.util.ReflectionUtils.invokeMethodWithArray",
                "org.apache.maven.surefire.booter.ForkedBooter.main");
        assertThat(tests).singleElement().satisfies(test -> {
            assertThat(test.name()).isEqualTo("CheckoutTest.waitsForPayment");
            assertThat(test.testClass()).isEqualTo("dev.shop.CheckoutTest");
            assertThat(test.taskId()).isEqualTo("t1");
        });
    }

    @Test
    void junit4AndTestNgOnJdk25() {
        assertThat(running("dev.shop.LegacyTest.loads", "jdk.internal.reflect.DirectMethodHandleAccessor.invoke",
                "java.lang.reflect.Method.invoke", "org.junit.runners.model.FrameworkMethod$1.runReflectiveCall"))
                .extracting(RunningTests.RunningTest::name).containsExactly("LegacyTest.loads");
        assertThat(running("dev.shop.NgTest.loads", "java.lang.reflect.Method.invoke",
                "org.testng.internal.invokers.MethodInvocationHelper.invokeMethod"))
                .extracting(RunningTests.RunningTest::name).containsExactly("NgTest.loads");
    }

    @Test
    void aTestThatUsesReflectionItselfIsNamedByItsOwnMethod() {
        assertThat(running("dev.shop.Plugin.start", "java.lang.reflect.Method.invoke", "dev.shop.PluginTest.startsPlugins",
                "java.lang.reflect.Method.invoke", "org.junit.platform.commons.util.ReflectionUtils.invokeMethod"))
                .extracting(RunningTests.RunningTest::name).containsExactly("PluginTest.startsPlugins");
    }

    @Test
    void aBuildToolsOwnReflectionOrAnAppIsNoTest() {
        assertThat(running("org.junit.platform.launcher.core.DefaultLauncher.execute", "java.lang.reflect.Method.invoke",
                "org.apache.maven.surefire.api.util.ReflectionUtils.invokeMethodWithArray")).isEmpty();
        assertThat(running("dev.shop.Server.serve", "dev.shop.Main.main")).isEmpty();
    }
}
