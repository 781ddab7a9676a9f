package dev.asyncinspect.attach;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tests that start JVM processes (example targets, the tool itself): tagged {@code jvm}, left out of the fast
 * tier ({@code scripts/test --fast}, i.e. {@code -DexcludedGroups=jvm}); {@code scripts/test} runs them all.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("jvm")
@interface JvmTier {}
