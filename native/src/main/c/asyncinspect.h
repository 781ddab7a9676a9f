/*
 * Shared by the parts of the library: jvmti.c (environments, errors, the helpers below),
 * queries.c (stack traces, class and method queries), instances.c (the instances of classes),
 * stack_refs.c (what threads' frames hold) and monitors.c (the monitors among those).
 *
 * Every native is a static synchronized method of Jvmti, so calls never overlap: the state here
 * needs no locking.
 *
 * Errors: every function that can fail returns an error and its results through out-parameters,
 * which mean nothing when it failed (it has released what it made by then). Only the JNI entry
 * points throw, each in one place: it hands its error to throw_error on the way out. A JNI call
 * that fails has thrown already (OutOfMemoryError, mostly); the function returns an error all
 * the same, and throw_error keeps that exception.
 */
#ifndef ASYNCINSPECT_H
#define ASYNCINSPECT_H

#include <jni.h>
#include <jvmti.h>

/*
 * What failed: a JVMTI error code and what the library was doing. The library's own errors use
 * the JVMTI codes that fit them, so that throw_error picks the exception by code alone.
 */
typedef struct {
    jvmtiError code;    /* JVMTI_ERROR_NONE: nothing failed */
    const char *doing;
} error;

#define OK ((error){ JVMTI_ERROR_NONE, NULL })

static inline int is_error(error err) {
    return err.code != JVMTI_ERROR_NONE;
}

/* The result of a JVMTI call, and what it was for. */
static inline error check(jvmtiError code, const char *doing) {
    return (error){ code, code == JVMTI_ERROR_NONE ? NULL : doing };
}

/* Becomes a NullPointerException naming the argument. */
static inline error null_argument(const char *name) {
    return (error){ JVMTI_ERROR_NULL_POINTER, name };
}

/* Becomes an IllegalArgumentException saying what is wrong. */
static inline error illegal_argument(const char *what) {
    return (error){ JVMTI_ERROR_ILLEGAL_ARGUMENT, what };
}

/* Becomes an OutOfMemoryError naming what needed the memory (unless a JNI call threw one already). */
static inline error out_of_memory(const char *what) {
    return (error){ JVMTI_ERROR_OUT_OF_MEMORY, what };
}

/*
 * Throws the Java exception for err, unless one is pending, and returns 1; returns 0 for OK.
 * NULL_POINTER, ILLEGAL_ARGUMENT and OUT_OF_MEMORY become NullPointerException,
 * IllegalArgumentException and OutOfMemoryError; any other code an
 * IllegalStateException("JVMTI_ERROR_X (n) while <doing>").
 */
int throw_error(JNIEnv *jni, error err);

/* The environment for queries that set no tags; made on first use, kept for the target's life. */
error query_env(jvmtiEnv **env);

/* A fresh environment that can tag objects. Its tags die with it: dispose_env leaves none behind. */
error tagging_env(jvmtiEnv **env);
void dispose_env(jvmtiEnv *env);

/* Frees memory that JVMTI allocated; null is fine. */
void deallocate(jvmtiEnv *env, void *memory);

/* A new array of the named class ("java/lang/Object"). */
error new_array(JNIEnv *jni, const char *element_class, jsize length, jobjectArray *array);

/*
 * Tells JNI that a JVMTI call just made count local references in the current frame: JNI
 * guarantees 16, and -Xcheck:jni warns past a frame's capacity.
 */
error made_local_refs(JNIEnv *jni, jint count);

/* Tags of the objects asked about are 1..n; objects found get tags from here on, never confused with them. */
#define FOUND_TAG_BASE ((jlong)1 << 32)

/*
 * GetObjectsWithTags makes a local reference for every object it returns, and HotSpot promises
 * at most 65536 in one frame (MaxJNILocalCapacity): the objects are taken in frames that hold
 * that many, 16 of them kept for the taking. As few frames as can be: each call scans every
 * tagged object (measured on JDK 17: 200k instances taken 4096 at a time cost 3x one call).
 */
#define LOCAL_FRAME_CAPACITY 65536
#define TAGGED_PER_FRAME (LOCAL_FRAME_CAPACITY - 16)

/*
 * Calls take(context, object, tag) for every object that has one of the count tags, asking for
 * per_call tags at a time, in a local frame that is popped after each call: per_call times the
 * most objects a tag can have must not exceed TAGGED_PER_FRAME.
 */
error each_tagged(JNIEnv *jni, jvmtiEnv *env, const jlong *tags, jint count, jint per_call,
                  error (*take)(JNIEnv *jni, void *context, jobject object, jlong tag), void *context);

/* The innermost max_depth frames of a thread, to free(). */
error stack_frames(jvmtiEnv *env, jthread thread, jint max_depth, jvmtiFrameInfo **frames, jint *depth);

/* True on JDK 21+ for a virtual thread; JDK 17's JNI table has no IsVirtualThread. */
int is_virtual(JNIEnv *jni, jthread thread);

#endif
