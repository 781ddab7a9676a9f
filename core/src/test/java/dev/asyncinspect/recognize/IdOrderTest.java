package dev.asyncinspect.recognize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncinspect.heap.HeapClass;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class IdOrderTest {

    private static final HeapClass TYPE = new HeapClass(1, "Example");
    private static final ToLongFunction<ObjectFields> ID = o -> o.object().id();

    @Test
    void sortsByIdWhateverTheInputOrder() {
        List<Long> ids = new Random(7).longs(100_000, 0, 1L << 34).boxed().distinct().toList();
        List<Long> sorted = IdOrder.of(objects(ids), ID).stream().map(o -> o.object().id()).toList();
        assertThat(sorted).isEqualTo(ids.stream().sorted().toList());
    }

    @Test
    void idsTooWideToPackStillSort() {
        // Heap-dump ids are addresses; JDI's are small: both must come out in order.
        List<Long> ids = List.of(Long.MAX_VALUE - 3, 5L, 1L << 60, 0L, Long.MAX_VALUE);
        assertThat(IdOrder.of(objects(ids), ID).stream().map(o -> o.object().id()))
                .containsExactly(0L, 5L, 1L << 60, Long.MAX_VALUE - 3, Long.MAX_VALUE);
    }

    @Test
    void emptyAndSingle() {
        assertThat(IdOrder.of(List.<ObjectFields>of(), ID)).isEmpty();
        assertThat(IdOrder.of(objects(List.of(42L)), ID)).extracting(o -> o.object().id()).containsExactly(42L);
        assertThat(IdOrder.of(objects(List.of(3L, 2L, 1L)), ID))
                .extracting(o -> o.object().id()).containsExactly(1L, 2L, 3L);
    }

    private static List<ObjectFields> objects(List<Long> ids) {
        return ids.stream().map(id -> new ObjectFields(new ObjectRef(id, TYPE), Map.of())).toList();
    }
}
