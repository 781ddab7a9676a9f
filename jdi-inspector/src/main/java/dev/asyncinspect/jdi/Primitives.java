package dev.asyncinspect.jdi;

import com.sun.jdi.BooleanValue;
import com.sun.jdi.ByteValue;
import com.sun.jdi.CharValue;
import com.sun.jdi.DoubleValue;
import com.sun.jdi.FloatValue;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LongValue;
import com.sun.jdi.PrimitiveValue;
import com.sun.jdi.ShortValue;

/** JDI primitive mirrors to boxed Java values. */
final class Primitives {

    private Primitives() {}

    static Object box(PrimitiveValue value) {
        if (value instanceof IntegerValue v) return v.value();
        if (value instanceof LongValue v) return v.value();
        if (value instanceof BooleanValue v) return v.value();
        if (value instanceof DoubleValue v) return v.value();
        if (value instanceof FloatValue v) return v.value();
        if (value instanceof CharValue v) return v.value();
        if (value instanceof ShortValue v) return v.value();
        if (value instanceof ByteValue v) return v.value();
        throw new IllegalArgumentException("unknown primitive " + value.type().name());
    }
}
