package dev.asyncinspect.model;


/** A named value seen in a frame: a local, a captured variable or a spilled state-machine field. */
public record Variable(String name, String type, Value value) {}
