package dev.asyncinspect.heap;

import java.util.List;

/**
 * What the class files tell about one method.
 *
 * @param parameterNames empty when the class was compiled without debug information
 * @param firstLine      the first line of its body, or -1
 */
public record MethodFacts(String declaringClass, String name, String descriptor, String file, int firstLine,
                          List<String> parameterNames, byte[] bytecode) {}
