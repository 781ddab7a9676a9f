package dev.asyncinspect.hprof;

import java.util.ArrayList;
import java.util.List;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.PrimitiveArrayDumpRecord;

/** The elements of a primitive array record, boxed as the heap view hands values over. */
final class PrimitiveArrays {

    private PrimitiveArrays() {}

    static int length(PrimitiveArrayDumpRecord record) {
        return record.getSize();
    }

    static List<Object> first(PrimitiveArrayDumpRecord record, int limit) {
        List<Object> values = new ArrayList<>();
        int n = Math.min(limit, record.getSize());
        for (int i = 0; i < n; i++) {
            values.add(element(record, i));
        }
        return values;
    }

    private static Object element(PrimitiveArrayDumpRecord record, int i) {
        if (record instanceof PrimitiveArrayDumpRecord.IntArrayDump a) return a.getArray()[i];
        if (record instanceof PrimitiveArrayDumpRecord.LongArrayDump a) return a.getArray()[i];
        if (record instanceof PrimitiveArrayDumpRecord.ByteArrayDump a) return a.getArray()[i];
        if (record instanceof PrimitiveArrayDumpRecord.CharArrayDump a) return a.getArray()[i];
        if (record instanceof PrimitiveArrayDumpRecord.BooleanArrayDump a) return a.getArray()[i];
        if (record instanceof PrimitiveArrayDumpRecord.ShortArrayDump a) return a.getArray()[i];
        if (record instanceof PrimitiveArrayDumpRecord.FloatArrayDump a) return a.getArray()[i];
        if (record instanceof PrimitiveArrayDumpRecord.DoubleArrayDump a) return a.getArray()[i];
        return null;
    }
}
