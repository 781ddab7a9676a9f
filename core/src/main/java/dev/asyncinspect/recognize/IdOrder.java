package dev.asyncinspect.recognize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/** Objects in the order of their ids: the order tasks are listed in, the same from one snapshot to the next. */
public final class IdOrder {

    private IdOrder() {}

    /**
     * A comparator that reads each object's id chases two pointers per comparison, a cache miss or
     * two each in a list of a hundred thousand; here the ids are sorted as plain longs, each
     * carrying its object's index in its low bits.
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> of(Collection<T> objects, ToLongFunction<T> idOf) {
        T[] items = (T[]) objects.toArray();
        int indexBits = Math.max(1, 64 - Long.numberOfLeadingZeros(items.length));
        long[] keys = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            long id = idOf.applyAsLong(items[i]);
            if (id < 0 || id >>> (63 - indexBits) != 0) {      // too wide to share a long with an index
                return Arrays.stream(items).sorted(Comparator.comparingLong(idOf)).toList();
            }
            keys[i] = id << indexBits | i;
        }
        Arrays.sort(keys);
        long index = (1L << indexBits) - 1;
        List<T> sorted = new ArrayList<>(items.length);
        for (long key : keys) {
            sorted.add(items[(int) (key & index)]);
        }
        return sorted;
    }
}
