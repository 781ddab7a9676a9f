package dev.asyncinspect.agent.jvmti;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * In-process tests that are slow by design (a million-object heap walked again and again, a thousand
 * calls in a row to see that nothing leaks): tagged {@code slow}, left out of the fast tier
 * ({@code scripts/test --fast}); {@code scripts/test} runs them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
@interface Slow {}
