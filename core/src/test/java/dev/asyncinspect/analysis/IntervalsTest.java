package dev.asyncinspect.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.asyncinspect.analysis.Intervals.Interval;
import dev.asyncinspect.analysis.Intervals.What;
import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.TimelineEvent.Kind;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Events paired into runs, suspensions and thread waits as they arrive, and nothing made up for a start not seen. */
class IntervalsTest {

    private static TimelineEvent coroutine(long nanos, Kind kind, int state, long machine) {
        return new TimelineEvent(nanos, "c1", kind, "app.Orders.fetch", state, "Orders.kt:" + (10 + state), machine, null);
    }

    private static TimelineEvent thread(long nanos, Kind kind) {
        return new TimelineEvent(nanos, "t7", kind, "app.Stats.add", 0, "Stats.java:3", 99, "java.lang.Object");
    }

    private static List<Interval> feed(Intervals intervals, TimelineEvent... events) {
        return Stream.of(events).map(intervals::feed).flatMap(Optional::stream).toList();
    }

    @Test
    void aSuspensionLastsUntilTheResumeFromTheSamePointAndARunUntilItSuspends() {
        List<Interval> found = feed(new Intervals(), coroutine(100, Kind.RESUMED, 0, 5), coroutine(130, Kind.SUSPENDED, 1, 5),
                coroutine(400, Kind.RESUMED, 1, 5), coroutine(410, Kind.COMPLETED, 0, 5));

        assertThat(found).extracting(Interval::what, Interval::nanos)
                .containsExactly(tuple(What.RUN, 30L), tuple(What.SUSPENDED, 270L),
                        tuple(What.RUN, 10L));
        assertThat(found.get(1).began().location()).isEqualTo("Orders.kt:11");
    }

    @Test
    void aResumeFromAnotherPointOrWithoutItsSuspensionClosesNothing() {
        Intervals intervals = new Intervals();
        assertThat(feed(intervals, coroutine(100, Kind.RESUMED, 2, 5))).isEmpty();
        assertThat(feed(intervals, coroutine(150, Kind.SUSPENDED, 1, 6), coroutine(200, Kind.RESUMED, 2, 6)))
                .extracting(Interval::what).doesNotContain(What.SUSPENDED);
    }

    @Test
    void batchesFedOneAfterAnotherPairAcrossTheirBoundary() {
        Intervals intervals = new Intervals();
        assertThat(feed(intervals, thread(1_000, Kind.BLOCKED))).isEmpty();
        assertThat(feed(intervals, thread(4_000, Kind.UNBLOCKED))).singleElement()
                .satisfies(wait -> {
                    assertThat(wait.what()).isEqualTo(What.THREAD_WAIT);
                    assertThat(wait.nanos()).isEqualTo(3_000);
                    assertThat(wait.began().detail()).isEqualTo("java.lang.Object");
                });
        assertThat(feed(intervals, thread(5_000, Kind.UNBLOCKED))).as("an unblock whose wait was not seen").isEmpty();
    }
}
