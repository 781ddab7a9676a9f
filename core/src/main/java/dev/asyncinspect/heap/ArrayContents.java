package dev.asyncinspect.heap;

import java.util.List;

/** An array's length and up to the first elements asked for. */
public record ArrayContents(ObjectRef array, int length, List<HeapValue> first) {}
