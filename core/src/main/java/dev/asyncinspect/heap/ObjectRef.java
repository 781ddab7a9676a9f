package dev.asyncinspect.heap;

/** An object in the target, by an id that is stable for the life of one connection. */
public record ObjectRef(long id, HeapClass type) {}
