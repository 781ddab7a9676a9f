package dev.asyncinspect.model;

import java.io.Serializable;

/** The inspected JVM. */
public record VmInfo(long pid, String mainClass, String javaVersion, String vmName, String source) implements Serializable {}
