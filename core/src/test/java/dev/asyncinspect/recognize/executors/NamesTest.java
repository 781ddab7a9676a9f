package dev.asyncinspect.recognize.executors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An executor is called what its threads are called, less what numbers them. */
class NamesTest {

    @Test
    void theThreadsSharedNameWithoutTheirNumbers() {
        assertThat(Names.commonName(List.of("warehouse-1", "warehouse-2", "warehouse-12"))).isEqualTo("warehouse");
        assertThat(Names.commonName(List.of("pool-3-thread-1", "pool-3-thread-2"))).isEqualTo("pool-3");
        assertThat(Names.commonName(List.of("single-worker"))).isEqualTo("single-worker");
        assertThat(Names.commonName(List.of("io #7"))).isEqualTo("io");
        assertThat(Names.commonName(List.of("alpha", "beta"))).isEmpty();
        assertThat(Names.commonName(List.of())).isEmpty();
    }
}
