package dev.asyncinspect.agent.jvmti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class InstancesOfTest {

    static class Kept {
    }

    static class SubKept extends Kept {
    }

    static class Other {
    }

    static class Few {
    }

    @BeforeAll
    static void load() {
        Library.load();
    }

    @Test
    void findsExactlyTheReachableInstancesOfEachClassInOneWalk() {
        List<Kept> kept = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            kept.add(new Kept());
        }
        List<Object> others = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            others.add(new SubKept());
            others.add(new Other());
        }
        makeGarbage(100_000);

        Object[][] found = Jvmti.instancesOf(new Class<?>[] {Kept.class, Other.class, SubKept.class});

        assertThat(found[0]).hasSize(200_000).allMatch(o -> o.getClass() == Kept.class);
        assertThat(found[1]).hasSize(1_000).allMatch(o -> o.getClass() == Other.class);
        assertThat(found[2]).hasSize(1_000).allMatch(o -> o.getClass() == SubKept.class);
        assertThat(kept).hasSize(200_000);
        assertThat(others).hasSize(2_000);
    }

    /** Unreachable instances that no GC has collected yet (the young generation has room for them). */
    private static void makeGarbage(int count) {
        for (int i = 0; i < count; i++) {
            new Kept().hashCode();
        }
    }

    @Test
    void aClassListedTwiceGetsTheSameInstancesTwice() {
        Few one = new Few();
        Object[][] found = Jvmti.instancesOf(new Class<?>[] {Few.class, Other.class, Few.class});
        assertThat(found[0]).containsExactly(one);
        assertThat(found[2]).containsExactly(one);
    }

    @Test
    void classesAreInstancesOfClassToo() {
        Object[][] found = Jvmti.instancesOf(new Class<?>[] {Class.class, Few.class});
        assertThat(found[0]).contains(Few.class, Class.class, String.class);
    }

    @Test
    void noClassesNoWalk() {
        assertThat(Jvmti.instancesOf(new Class<?>[0])).isEmpty();
    }

    @Test
    void aNullClassIsRefused() {
        assertThatThrownBy(() -> Jvmti.instancesOf(new Class<?>[] {Few.class, null}))
                .isInstanceOf(NullPointerException.class);
        assertThat(Jvmti.instancesOf(new Class<?>[] {Few.class})).hasNumberOfRows(1);
    }

    @Test
    @Slow
    @Tag("timing")
    void timesTwoHundredThousandInstancesInABigHeap() {
        List<Object> heap = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            heap.add(new Other());
        }
        for (int i = 0; i < 2_000; i++) {
            heap.add(new byte[100_000]);
        }
        for (int i = 0; i < 200_000; i++) {
            heap.add(new Kept());
        }
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        System.out.printf("instancesOf: 200000 instances among %d objects in a %d MB heap (JDK %d):"
                + " one class %d ms, two classes %d ms%n", heap.size(), used, Runtime.version().feature(),
                bestMillis(Kept.class), bestMillis(Kept.class, Few.class));
        assertThat(heap).hasSize(1_202_000);
    }

    private static long bestMillis(Class<?>... classes) {
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            Object[][] found = Jvmti.instancesOf(classes);
            best = Math.min(best, System.nanoTime() - start);
            assertThat(found[0]).hasSize(200_000);
        }
        return best / 1_000_000;
    }

    @Test
    @Slow
    void thousandCallsLeaveNoGarbageNorTagsBehind() {
        List<Few> few = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            few.add(new Few());
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Jvmti.instancesOf(new Class<?>[] {Few.class});
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long rssBefore = Rss.kilobytes();
        for (int i = 0; i < 1_000; i++) {
            assertThat(Jvmti.instancesOf(new Class<?>[] {Few.class})[0]).hasSize(1_000);
        }
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        long rssAfter = Rss.kilobytes();
        System.out.printf("1000 instancesOf calls: used heap %d -> %d KB, RSS %d -> %d KB%n",
                before >> 10, after >> 10, rssBefore, rssAfter);
        assertThat(after - before).isLessThan(4L << 20);
        assertThat(rssAfter - rssBefore).isLessThan(32L << 10);
        assertThat(few).hasSize(1_000);
    }
}
