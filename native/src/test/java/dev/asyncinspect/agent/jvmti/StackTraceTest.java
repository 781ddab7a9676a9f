package dev.asyncinspect.agent.jvmti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

class StackTraceTest {

    private final AtomicBoolean stop = new AtomicBoolean();

    @BeforeAll
    static void load() {
        Library.load();
    }

    static void parkHere(AtomicBoolean stop) {
        while (!stop.get()) {
            LockSupport.park();
        }
    }

    static void spinHere(AtomicBoolean stop) {
        while (!stop.get()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aParkedPlatformThreadShowsTheFramesAndLinesThatThreadGetStackTraceShows() throws Exception {
        Thread thread = Library.start(false, () -> parkHere(stop));
        Library.awaitState(thread, state -> state == Thread.State.WAITING);

        Object[] trace = Jvmti.stackTrace(thread, 100);
        List<String> frames = frames(trace);
        List<String> expected = expectedFrames(thread.getStackTrace());
        release(thread);

        assertThat(frames).containsSubsequence(expected);
        int park = List.of((String[]) trace[1]).indexOf("parkHere");
        assertThat(((Class<?>[]) trace[0])[park]).isEqualTo(StackTraceTest.class);
        assertThat(((String[]) trace[2])[park]).isEqualTo("(Ljava/util/concurrent/atomic/AtomicBoolean;)V");
        assertThat(((long[]) trace[4])[park]).isPositive();
        // the innermost frame is Unsafe.park, a native method
        assertThat(((String[]) trace[1])[0]).isEqualTo("park");
        assertThat(((int[]) trace[3])[0]).isEqualTo(-1);
        assertThat(((long[]) trace[4])[0]).isEqualTo(-1);
    }

    @Test
    void maxDepthKeepsTheInnermostFrames() throws Exception {
        Thread thread = Library.start(false, () -> parkHere(stop));
        Library.awaitState(thread, state -> state == Thread.State.WAITING);
        Object[] all = Jvmti.stackTrace(thread, 100);
        Object[] two = Jvmti.stackTrace(thread, 2);
        Object[] none = Jvmti.stackTrace(thread, 0);
        release(thread);

        assertThat((String[]) two[1]).containsExactly(((String[]) all[1])[0], ((String[]) all[1])[1]);
        assertThat((String[]) none[1]).isEmpty();
    }

    @Test
    void aThreadThatIsNotAliveIsAnIllegalState() {
        assertThatThrownBy(() -> Jvmti.stackTrace(new Thread(() -> { }), 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JVMTI_ERROR_THREAD_NOT_ALIVE")
                .hasMessageContaining("counting a thread's frames");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void anUnmountedVirtualThreadShowsItsFrames() throws Exception {
        Thread thread = Library.start(true, () -> parkHere(stop));
        Library.awaitState(thread, state -> state == Thread.State.WAITING);

        Object[] trace = Jvmti.stackTrace(thread, 100);
        List<String> frames = frames(trace);
        List<String> expected = expectedFrames(thread.getStackTrace());
        release(thread);

        assertThat(frames).containsSubsequence(expected);
        assertThat(frames).anyMatch(frame -> frame.contains("parkHere"));
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aMountedVirtualThreadShowsItsFrames() throws Exception {
        Thread thread = Library.start(true, () -> spinHere(stop));
        Library.awaitState(thread, state -> state == Thread.State.RUNNABLE);
        Library.awaitFrame(thread, "spinHere");

        Object[] trace = Jvmti.stackTrace(thread, 100);
        release(thread);

        assertThat((String[]) trace[1]).contains("spinHere");
    }

    private void release(Thread thread) throws InterruptedException {
        stop.set(true);
        LockSupport.unpark(thread);
        thread.join();
    }

    /**
     * "class.method:line" of each frame. Thread.getStackTrace leaves out some frames (JDK methods
     * marked @Hidden like Thread.runWith, lambda proxies on 21+), so it sees a subsequence.
     */
    static List<String> frames(Object[] trace) {
        Class<?>[] classes = (Class<?>[]) trace[0];
        String[] names = (String[]) trace[1];
        int[] lines = (int[]) trace[3];
        long[] locations = (long[]) trace[4];
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            // StackTraceElement says -2 for native methods
            frames.add(classes[i].getName() + "." + names[i] + ":" + (locations[i] == -1 ? -2 : lines[i]));
        }
        return frames;
    }

    static List<String> expectedFrames(StackTraceElement[] elements) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement element : elements) {
            frames.add(element.getClassName() + "." + element.getMethodName() + ":" + element.getLineNumber());
        }
        return frames;
    }
}
