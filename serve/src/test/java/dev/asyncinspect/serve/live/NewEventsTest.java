package dev.asyncinspect.serve.live;

import static dev.asyncinspect.serve.Fixtures.recording;
import static dev.asyncinspect.serve.Fixtures.suspension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.model.TimelineEvent;
import dev.asyncinspect.model.TimelineEvent.Kind;
import org.junit.jupiter.api.Test;

/** Each look carries the whole recording; a consumer takes each event once. */
class NewEventsTest {

    @Test
    void onlyWhatCameAfterThePreviousLookAndAllOfANewRecording() {
        TimelineEvent a = suspension(10, "c1", Kind.RESUMED, 0, 1);
        TimelineEvent b = suspension(20, "c1", Kind.SUSPENDED, 1, 1);
        TimelineEvent c = suspension(30, "c1", Kind.RESUMED, 1, 1);
        NewEvents events = new NewEvents();

        assertThat(events.of(recording(5, a, b))).containsExactly(a, b);
        assertThat(events.of(recording(5, a, b))).isEmpty();
        assertThat(events.of(recording(5, b, c))).as("the ring dropped a").containsExactly(c);
        assertThat(events.of(recording(6, a))).as("a recording started again").containsExactly(a);
    }
}
