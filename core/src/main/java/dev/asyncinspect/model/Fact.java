package dev.asyncinspect.model;


/** A labelled fact about a task that has no field of its own, e.g. {@code carrier = ForkJoinPool-1-worker-2}. */
public record Fact(String label, String value) {}
