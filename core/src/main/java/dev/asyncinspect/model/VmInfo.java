package dev.asyncinspect.model;


/** The inspected JVM. */
public record VmInfo(long pid, String mainClass, String javaVersion, String vmName, String source) {}
