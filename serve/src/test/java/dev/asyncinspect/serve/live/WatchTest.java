package dev.asyncinspect.serve.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The interval follows what a snapshot costs the target, within bounds a person can live with. */
class WatchTest {

    @Test
    void tenTimesTheCostBetweenASecondAndHalfAMinute() {
        assertThat(Watch.interval(Duration.ofMillis(20).toNanos())).isEqualTo(Watch.FASTEST);
        assertThat(Watch.interval(Duration.ofMillis(350).toNanos())).isEqualTo(Duration.ofMillis(3_500));
        assertThat(Watch.interval(Duration.ofSeconds(9).toNanos())).isEqualTo(Watch.SLOWEST);
    }
}
