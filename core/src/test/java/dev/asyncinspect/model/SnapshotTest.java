package dev.asyncinspect.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {

    @Test
    void theSameGapMetManyTimesIsOneLineWithItsCount() {
        Snapshot snapshot = new Snapshot(new VmInfo(1, null, null, null, "agent"), Instant.EPOCH, List.of(), List.of(),
                List.of("class file of A not found", "t7 ended while sampled", "class file of A not found",
                        "class file of A not found"));
        assertThat(snapshot.gaps()).containsExactly("class file of A not found (3 times)", "t7 ended while sampled");
    }
}
