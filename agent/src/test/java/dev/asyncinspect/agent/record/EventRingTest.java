package dev.asyncinspect.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.TimelineEvent.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring keeps the newest events whole, counts the ones it overwrote, and lets many threads write at once. */
class EventRingTest {

    private static List<long[]> read(EventRing ring) {
        List<long[]> events = new ArrayList<>();
        ring.read((kind, nanos, thread, object, task, type, value) -> events.add(new long[] {kind.ordinal(), nanos, thread, object, value}));
        return events;
    }

    @Test
    void keepsTheNewestAndCountsTheDropped() {
        EventRing ring = new EventRing(4);
        for (int i = 0; i < 10; i++) {
            ring.add(Kind.RESUMED, i, 7, i, 0, 0, i * 2);
        }
        assertThat(ring.dropped()).isEqualTo(6);
        assertThat(read(ring)).extracting(e -> e[1]).containsExactly(6L, 7L, 8L, 9L);
        assertThat(read(ring)).allMatch(e -> e[4] == e[1] * 2 && e[3] == e[1]);
    }

    @Test
    void kindsTypesAndValuesKeepTheirSigns() {
        EventRing ring = new EventRing(2);
        ring.add(Kind.UNBLOCKED, -5, -42, -1, Integer.MIN_VALUE, -1, -7);
        ring.add(Kind.FUTURE_COMPLETED, 5, 42, 1, Integer.MAX_VALUE, 0xFF_FFFE, Integer.MAX_VALUE);
        List<String> seen = new ArrayList<>();
        ring.read((kind, nanos, thread, object, task, type, value) ->
                seen.add(kind + " " + nanos + " " + thread + " " + object + " " + task + " " + type + " " + value));
        assertThat(seen).containsExactly("unblocked -5 -42 -1 " + Integer.MIN_VALUE + " -1 -7",
                "future completed 5 42 1 " + Integer.MAX_VALUE + " " + 0xFF_FFFE + " " + Integer.MAX_VALUE);
    }

    @Test
    void threadsWritingAtOnceLoseNothingWhileItHoldsThem() throws InterruptedException {
        EventRing ring = new EventRing(500_000);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long thread = t;
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    ring.add(Kind.SUSPENDED, i, thread, i, i, 0, i);
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        List<long[]> events = read(ring);
        assertThat(events).hasSize(400_000).allMatch(e -> e[3] == e[4] && e[1] == e[4]);
        assertThat(ring.dropped()).isZero();
        assertThat(EventRing.bytesFor(1_000_000)).isLessThanOrEqualTo(64L << 20);
    }
}
