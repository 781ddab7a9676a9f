package dev.asyncinspect.model;


/**
 * What a task waits for.
 *
 * @param kind        monitor, lock, future, thread, sleep, park, wait, …
 * @param target      the id of the task that must act for the wait to end, or null
 * @param resource    the resource waited on, or null
 * @param description one line in the user's words
 */
public record WaitEdge(String kind, String target, Resource resource, String description) {}
