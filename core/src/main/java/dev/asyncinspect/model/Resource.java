package dev.asyncinspect.model;


/**
 * A thing tasks hold or wait on: a monitor, a java.util.concurrent lock, a future.
 *
 * @param id   stable within a snapshot, e.g. {@code monitor@1234}
 * @param type the Java type, e.g. {@code java.util.concurrent.locks.ReentrantLock$NonfairSync}
 */
public record Resource(String kind, String id, String type) {}
