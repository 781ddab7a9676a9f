package dev.asyncinspect.agent.jvmti;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

class StackLocalObjectsTest {

    /** Something only our frames hold. */
    record Marker(String name) {
    }

    /** One object held by a frame: which thread, how deep, which slot. */
    record Held(int thread, int depth, int slot, Object value) {
    }

    static volatile Object sink;

    private final AtomicBoolean stop = new AtomicBoolean();

    @BeforeAll
    static void load() {
        Library.load();
    }

    // slots: first 0, stop 1, second 2
    static void outer(Object first, AtomicBoolean stop) {
        Object second = new Marker("second of " + first);
        inner(second, stop);
        sink = first;
        sink = second;
    }

    // slots: held 0, stop 1
    static void inner(Object held, AtomicBoolean stop) {
        while (!stop.get()) {
            LockSupport.park();
        }
        sink = held;
    }

    static void spinning(Object held, AtomicBoolean stop) {
        while (!stop.get()) {
            Thread.onSpinWait();
        }
        sink = held;
    }

    @Test
    void findsEachObjectInItsThreadFrameAndSlot() throws Exception {
        Marker a = new Marker("a");
        Marker b = new Marker("b");
        Thread first = parked(false, a);
        Thread second = parked(false, b);

        List<Held> held = held(Jvmti.stackLocalObjects(new Thread[] {first, second}));
        String[] firstFrames = (String[]) Jvmti.stackTrace(first, 100)[1];
        String[] secondFrames = (String[]) Jvmti.stackTrace(second, 100)[1];
        release(first, second);

        // the lambda that called outer holds them too
        assertThat(holding(held, a)).extracting(h -> h.thread() + ":" + firstFrames[h.depth()] + "/" + h.slot())
                .contains("0:outer/0").allMatch(frame -> frame.startsWith("0:outer/0") || frame.startsWith("0:lambda$"));
        assertThat(holding(held, b)).extracting(h -> h.thread() + ":" + secondFrames[h.depth()] + "/" + h.slot())
                .contains("1:outer/0");

        List<Held> secondOfA = held.stream()
                .filter(h -> h.value() instanceof Marker m && m.name().equals("second of " + a)).toList();
        assertThat(secondOfA).extracting(h -> firstFrames[h.depth()] + "/" + h.slot())
                .containsExactlyInAnyOrder("outer/2", "inner/0");
        assertThat(held).allMatch(h -> h.thread() == 0 || h.thread() == 1);
    }

    @Test
    void noThreadsNothingHeld() {
        assertThat(held(Jvmti.stackLocalObjects(new Thread[0]))).isEmpty();
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void findsObjectsInFramesOfAnUnmountedVirtualThread() throws Exception {
        Marker a = new Marker("unmounted");
        Thread thread = parked(true, a);

        List<Held> held = held(Jvmti.stackLocalObjects(new Thread[] {thread}));
        String[] frames = (String[]) Jvmti.stackTrace(thread, 100)[1];
        release(thread);

        assertThat(holding(held, a)).extracting(h -> frames[h.depth()] + "/" + h.slot()).contains("outer/0");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void findsObjectsInFramesOfAMountedVirtualThreadOnceEach() throws Exception {
        Marker a = new Marker("mounted");
        Thread thread = Library.start(true, () -> spinning(a, stop));
        Library.awaitState(thread, state -> state == Thread.State.RUNNABLE);
        Library.awaitSteadyIn(thread, "spinning");

        List<Held> held = held(Jvmti.stackLocalObjects(new Thread[] {thread}));
        String[] frames = (String[]) Jvmti.stackTrace(thread, 100)[1];
        release(thread);

        assertThat(holding(held, a)).extracting(h -> frames[h.depth()] + "/" + h.slot()).contains("spinning/0");
        assertThat(held).extracting(h -> h.depth() + "/" + h.slot()).doesNotHaveDuplicates();
    }

    private Thread parked(boolean virtual, Object first) throws InterruptedException {
        Thread thread = Library.start(virtual, () -> outer(first, stop));
        Library.awaitState(thread, state -> state == Thread.State.WAITING);
        return thread;
    }

    private void release(Thread... threads) throws InterruptedException {
        stop.set(true);
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
            thread.join();
        }
    }

    private static List<Held> holding(List<Held> held, Object value) {
        return held.stream().filter(h -> h.value() == value).toList();
    }

    static List<Held> held(Object[] result) {
        int[] thread = (int[]) result[0];
        int[] depth = (int[]) result[1];
        int[] slot = (int[]) result[2];
        Object[] value = (Object[]) result[3];
        List<Held> held = new ArrayList<>();
        for (int i = 0; i < value.length; i++) {
            held.add(new Held(thread[i], depth[i], slot[i], value[i]));
        }
        return held;
    }
}
