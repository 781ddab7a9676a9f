package dev.asyncinspect.analysis;

import dev.asyncinspect.model.Frame;
import dev.asyncinspect.model.Snapshot;
import dev.asyncinspect.model.Task;
import dev.asyncinspect.model.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tests a snapshot shows running: a thread inside a method that a test framework called
 * reflectively (JUnit Platform and Jupiter, JUnit 4, TestNG; a Kotlin {@code runTest} or
 * {@code runBlocking} body runs inside its test method, on its thread). Found from the thread's stack
 * alone, so it holds for any build tool and any way the framework was started.
 */
public final class RunningTests {

    /** Test frameworks whose classes call a test method by reflection. */
    private static final List<String> FRAMEWORKS = List.of("org.junit.", "junit.framework.", "org.testng.");
    /** Where a reflective call runs before it reaches the method called. */
    private static final List<String> REFLECTION = List.of("java.lang.reflect.", "jdk.internal.reflect.", "sun.reflect.",
            "java.lang.invoke.");

    /**
     * @param taskId the thread's task
     * @param frame  the test method's frame on it: its class, method, file and line
     */
    public record RunningTest(String taskId, Frame frame) {

        /** The test class's binary name: {@code dev.shop.UserServiceTest}. */
        public String testClass() {
            int method = frame.function().lastIndexOf('.');
            return method < 0 ? "" : frame.function().substring(0, method);
        }

        public String method() {
            return frame.function().substring(frame.function().lastIndexOf('.') + 1);
        }

        /** {@code UserServiceTest.loadsProfile}, as people name a test. */
        public String name() {
            String type = testClass();
            return type.substring(type.lastIndexOf('.') + 1) + "." + method();
        }
    }

    private RunningTests() {}

    public static List<RunningTest> of(Snapshot snapshot) {
        List<RunningTest> running = new ArrayList<>();
        for (Task task : snapshot.tasks()) {
            if (task.kind() == TaskKind.THREAD || task.kind() == TaskKind.VIRTUAL_THREAD) {
                testFrame(task.frames()).ifPresent(frame -> running.add(new RunningTest(task.id(), frame)));
            }
        }
        return running;
    }

    /**
     * The frame a framework called reflectively, outermost first: a test that itself calls methods by
     * reflection is still named by its own method, and a build tool's reflective start of the
     * framework (Surefire's) is not a framework's call.
     */
    static Optional<Frame> testFrame(List<Frame> innermostFirst) {
        for (int at = innermostFirst.size() - 2; at >= 1; at--) {
            if (isReflection(innermostFirst.get(at)) && isFramework(innermostFirst.get(at + 1))) {
                for (int inner = at - 1; inner >= 0; inner--) {
                    if (!isReflection(innermostFirst.get(inner))) {
                        return Optional.of(innermostFirst.get(inner));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isReflection(Frame frame) {
        return REFLECTION.stream().anyMatch(frame.function()::startsWith);
    }

    private static boolean isFramework(Frame frame) {
        return FRAMEWORKS.stream().anyMatch(frame.function()::startsWith);
    }
}
