/*
 * Shared by the two halves of the library: jvmti.c (environments, errors, thread, class and
 * method queries) and heap.c (heap walks: instances, stack locals, monitors).
 *
 * Every native is a static synchronized method of Jvmti, so calls never overlap: the state here
 * needs no locking.
 */
#ifndef ASYNCINSPECT_H
#define ASYNCINSPECT_H

#include <jni.h>
#include <jvmti.h>

/* The environment for queries that set no tags; made on first use, kept for the target's life. */
jvmtiEnv *query_env(JNIEnv *jni);

/* A fresh environment that can tag objects. Its tags die with it: dispose_env leaves none behind. */
jvmtiEnv *tagging_env(JNIEnv *jni);
void dispose_env(jvmtiEnv *env);

/* When err is an error, throws IllegalStateException("JVMTI_ERROR_X (n) while <doing>") and returns 1. */
int failed(JNIEnv *jni, jvmtiEnv *env, jvmtiError err, const char *doing);

/* Throws NullPointerException naming the argument when it is null, and returns 1. */
int null_argument(JNIEnv *jni, jobject value, const char *name);

void throw_new(JNIEnv *jni, const char *class_name, const char *message);

/* Frees memory that JVMTI allocated; null is fine. */
void deallocate(jvmtiEnv *env, void *memory);

/* A new array of the named class ("java/lang/Object"); null after throwing. */
jobjectArray new_array(JNIEnv *jni, const char *element_class, jsize length);

/* The innermost max_depth frames of a thread, to free(); null after throwing. */
jvmtiFrameInfo *stack_frames(JNIEnv *jni, jvmtiEnv *env, jthread thread, jint max_depth, jint *depth);

/* True on JDK 21+ for a virtual thread; JDK 17's JNI table has no IsVirtualThread. */
int is_virtual(JNIEnv *jni, jthread thread);

#endif
