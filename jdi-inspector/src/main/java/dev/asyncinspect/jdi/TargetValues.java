package dev.asyncinspect.jdi;

import com.sun.jdi.Value;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.recognize.TaskIds;
import dev.asyncinspect.recognize.values.ValueReader;
import java.util.List;

/** A few values read at a stop, shown exactly as snapshots show them, without taking one. */
final class TargetValues {

    private final JdiTarget target;
    private final ValueReader.Limits limits;

    TargetValues(JdiTarget target, ValueReader.Limits limits) {
        this.target = target;
        this.limits = limits;
    }

    dev.asyncinspect.model.Value read(Value value) {
        JdiHeapView view = target.heapView();
        HeapValue read = view.value(value);
        ValueReader reader = new ValueReader(view, limits, new TaskIds());
        reader.prefetch(List.of(read));
        return reader.value(read);
    }
}
