/*
 * What threads' frames hold (stackLocalObjects): one FollowReferences walk records every stack
 * and JNI local reference of the threads; the locals become the result's slots, and all of them
 * are the candidates for the threads' monitors (monitors.c).
 *
 * The walk runs in a fresh tagging environment that is disposed at the end: its tags die with
 * it, so no tag outlives a call.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "asyncinspect.h"
#include "monitors.h"

/*
 * One object held by a frame; value is a thread's tag (1..n) or FOUND_TAG_BASE + a distinct
 * value's index. A slot of -1 marks a JNI local, a depth of -1 a reference dropped by
 * align_virtual_depths.
 */
struct stack_ref {
    jint thread;
    jint depth;
    jint slot;
    jmethodID method;
    jlong value;
};

struct stack_walk {
    jint thread_count;
    int whole_heap;  /* visit every reachable object, see walk_stacks */
    struct stack_ref *refs;
    size_t count, capacity;
    jlong next_value;
    int out_of_memory;
};

static jint JNICALL record_stack_ref(jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
                                     jlong class_tag, jlong referrer_class_tag, jlong size, jlong *tag_ptr,
                                     jlong *referrer_tag_ptr, jint length, void *user_data) {
    struct stack_walk *walk = user_data;
    jint visit = walk->whole_heap ? JVMTI_VISIT_OBJECTS : 0;
    struct stack_ref ref;
    jlong thread_tag;
    if (kind == JVMTI_HEAP_REFERENCE_STACK_LOCAL) {
        thread_tag = info->stack_local.thread_tag;
        ref.depth = info->stack_local.depth;
        ref.slot = info->stack_local.slot;
        ref.method = info->stack_local.method;
    } else if (kind == JVMTI_HEAP_REFERENCE_JNI_LOCAL) {
        thread_tag = info->jni_local.thread_tag;
        ref.depth = info->jni_local.depth;
        ref.slot = -1;
        ref.method = info->jni_local.method;
    } else {
        return visit;
    }
    if (thread_tag < 1 || thread_tag > walk->thread_count) {
        return visit;
    }
    if (walk->count == walk->capacity) {
        size_t capacity = walk->capacity == 0 ? 256 : walk->capacity * 2;
        struct stack_ref *grown = realloc(walk->refs, capacity * sizeof *grown);
        if (grown == NULL) {
            walk->out_of_memory = 1;
            return JVMTI_VISIT_ABORT;
        }
        walk->refs = grown;
        walk->capacity = capacity;
    }
    if (*tag_ptr == 0) {
        *tag_ptr = walk->next_value++;
    }
    ref.thread = (jint)(thread_tag - 1);
    ref.value = *tag_ptr;
    walk->refs[walk->count++] = ref;
    return visit;
}

/*
 * Records the references from the threads' frames. Threads are tagged with their index + 1
 * (a thread listed twice keeps its first index).
 *
 * For platform and mounted virtual threads the frames are heap roots, so the walk stops at the
 * roots and is cheap. An unmounted virtual thread's frames live in heap stack chunks, which
 * HotSpot (JDK 21+) reports only when the walk reaches the VirtualThread object: with a
 * virtual thread among the threads the walk visits the whole heap.
 */
static error walk_stacks(JNIEnv *jni, jvmtiEnv *env, jobjectArray threads, struct stack_walk *walk) {
    walk->next_value = FOUND_TAG_BASE;
    for (jint i = 0; i < walk->thread_count; i++) {
        jobject thread = (*jni)->GetObjectArrayElement(jni, threads, i);
        jlong tag = 0;
        error err = thread == NULL ? null_argument("an element of threads")
            : check((*env)->GetTag(env, thread, &tag), "reading a thread's tag");
        if (!is_error(err) && tag == 0) {
            err = check((*env)->SetTag(env, thread, i + 1), "tagging a thread");
        }
        walk->whole_heap |= !is_error(err) && is_virtual(jni, thread);
        (*jni)->DeleteLocalRef(jni, thread);
        if (is_error(err)) {
            return err;
        }
    }
    jvmtiHeapCallbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.heap_reference_callback = record_stack_ref;
    error err = check((*env)->FollowReferences(env, 0, NULL, NULL, &callbacks, walk), "following stack references");
    return !is_error(err) && walk->out_of_memory ? out_of_memory("recording stack references") : err;
}

/* The walk's references of thread t are refs[order[from[t]]] .. refs[order[from[t + 1] - 1]], in walk order. */
struct by_thread {
    size_t *from;
    size_t *order;
};

static error sort_by_thread(const struct stack_walk *walk, struct by_thread *sorted) {
    sorted->from = calloc((size_t)walk->thread_count + 1, sizeof *sorted->from);
    sorted->order = malloc(sizeof *sorted->order * (walk->count > 0 ? walk->count : 1));
    size_t *next = malloc(sizeof *next * (walk->thread_count > 0 ? walk->thread_count : 1));
    if (sorted->from == NULL || sorted->order == NULL || next == NULL) {
        free(next);
        return out_of_memory("sorting stack references");
    }
    for (size_t r = 0; r < walk->count; r++) {
        sorted->from[walk->refs[r].thread + 1]++;
    }
    for (jint t = 0; t < walk->thread_count; t++) {
        sorted->from[t + 1] += sorted->from[t];
        next[t] = sorted->from[t];
    }
    for (size_t r = 0; r < walk->count; r++) {
        sorted->order[next[walk->refs[r].thread]++] = r;
    }
    free(next);
    return OK;
}

/*
 * The distinct values the walk tagged, at index tag - FOUND_TAG_BASE; alive[index] is 0 for a
 * value that died since the walk (a running thread dropped it and a GC ran).
 *
 * GetObjectsWithTags compares every tagged object with every requested tag in HotSpot, so
 * this costs values x values: fine for the hundreds to few thousands that frames hold.
 */
struct values {
    jobjectArray objects;
    char *alive;
};

static error take_value(JNIEnv *jni, void *context, jobject object, jlong tag) {
    struct values *values = context;
    (*jni)->SetObjectArrayElement(jni, values->objects, (jsize)(tag - FOUND_TAG_BASE), object);
    values->alive[tag - FOUND_TAG_BASE] = 1;
    return OK;
}

static error distinct_values(JNIEnv *jni, jvmtiEnv *env, const struct stack_walk *walk, struct values *values) {
    jint n = (jint)(walk->next_value - FOUND_TAG_BASE);
    jlong *tags = malloc(sizeof *tags * (n > 0 ? n : 1));
    values->alive = calloc(n > 0 ? n : 1, 1);
    error err = tags == NULL || values->alive == NULL ? out_of_memory("collecting stack values")
        : new_array(jni, "java/lang/Object", n, &values->objects);
    for (jint i = 0; i < n && !is_error(err); i++) {
        tags[i] = FOUND_TAG_BASE + i;
    }
    if (!is_error(err)) {
        err = each_tagged(jni, env, tags, n, TAGGED_PER_FRAME, take_value, values);
    }
    free(tags);
    return err;
}

/* Frames on top of a virtual thread's stack chunk that GetStackTrace does not show, at most. */
#define MAX_HIDDEN_TOP_FRAMES 8

/* The number of frames to take off the walk's depths of one thread to match its stack trace; -1 if none fits. */
static int depth_shift(const struct stack_walk *walk, const size_t *refs, size_t count,
                       const jvmtiFrameInfo *frames, jint depth) {
    for (int shift = 0; shift <= MAX_HIDDEN_TOP_FRAMES; shift++) {
        int fits = 1;
        for (size_t r = 0; r < count && fits; r++) {
            const struct stack_ref *ref = &walk->refs[refs[r]];
            jint at = ref->depth - shift;
            fits = at < 0 || (at < depth && frames[at].method == ref->method);
        }
        if (fits) {
            return shift;
        }
    }
    return -1;
}

/*
 * The walk numbers an unmounted virtual thread's frames from the top of its stack chunk, where
 * frames that only yield it (Continuation.yield0...) come first; GetStackTrace leaves those out.
 * Shifts the thread's depths onto GetStackTrace's, matching methods, and drops what those
 * hidden frames hold. A thread that ran on between the walk and GetStackTrace, or ended, may
 * fit no shift: its references are dropped.
 */
static error align_virtual_depths(JNIEnv *jni, jobjectArray threads, struct stack_walk *walk, const struct by_thread *sorted) {
    jvmtiEnv *queries = NULL;
    error err = query_env(&queries);
    for (jint t = 0; t < walk->thread_count && !is_error(err); t++) {
        size_t begin = sorted->from[t], count = sorted->from[t + 1] - begin;
        jobject thread = (*jni)->GetObjectArrayElement(jni, threads, t);
        if (count == 0 || !is_virtual(jni, thread)) {
            (*jni)->DeleteLocalRef(jni, thread);
            continue;
        }
        jint depth = 0;
        jvmtiFrameInfo *frames = NULL;
        int shift = is_error(stack_frames(queries, thread, INT32_MAX, &frames, &depth)) ? -1
            : depth_shift(walk, sorted->order + begin, count, frames, depth);
        (*jni)->DeleteLocalRef(jni, thread);
        for (size_t r = begin; r < begin + count; r++) {
            struct stack_ref *ref = &walk->refs[sorted->order[r]];
            ref->depth = shift < 0 || ref->depth < shift ? -1 : ref->depth - shift;
        }
        free(frames);
    }
    return err;
}

static int is_reported(const struct stack_walk *walk, const char *alive, const struct stack_ref *ref) {
    return ref->depth >= 0 && (ref->value <= walk->thread_count || alive[ref->value - FOUND_TAG_BASE]);
}

/* The value of a stack reference as a new local reference; null for one that died. */
static jobject value_of(JNIEnv *jni, jobjectArray threads, const struct values *values, jint thread_count, jlong value) {
    return value <= thread_count ? (*jni)->GetObjectArrayElement(jni, threads, (jsize)(value - 1))
                                 : (*jni)->GetObjectArrayElement(jni, values->objects, (jsize)(value - FOUND_TAG_BASE));
}

/* { int[] threadIndex, int[] depth, int[] slot, Object[] value } for the locals to report: JNI locals are not slots. */
static error locals_result(JNIEnv *jni, jobjectArray threads, const struct values *values, const struct stack_walk *walk,
                           jobjectArray result) {
    jint n = 0;
    for (size_t r = 0; r < walk->count; r++) {
        n += walk->refs[r].slot >= 0 && is_reported(walk, values->alive, &walk->refs[r]);
    }
    jintArray thread_index = (*jni)->NewIntArray(jni, n);
    jintArray depth = thread_index == NULL ? NULL : (*jni)->NewIntArray(jni, n);
    jintArray slot = depth == NULL ? NULL : (*jni)->NewIntArray(jni, n);
    jobjectArray value = NULL;
    error err = slot == NULL ? out_of_memory("stack locals") : new_array(jni, "java/lang/Object", n, &value);
    if (is_error(err)) {
        return err;
    }
    jint i = 0;
    for (size_t r = 0; r < walk->count; r++) {
        const struct stack_ref *ref = &walk->refs[r];
        if (ref->slot < 0 || !is_reported(walk, values->alive, ref)) {
            continue;
        }
        (*jni)->SetIntArrayRegion(jni, thread_index, i, 1, &ref->thread);
        (*jni)->SetIntArrayRegion(jni, depth, i, 1, &ref->depth);
        (*jni)->SetIntArrayRegion(jni, slot, i, 1, &ref->slot);
        jobject object = value_of(jni, threads, values, walk->thread_count, ref->value);
        (*jni)->SetObjectArrayElement(jni, value, i, object);
        (*jni)->DeleteLocalRef(jni, object);
        i++;
    }
    (*jni)->SetObjectArrayElement(jni, result, 0, thread_index);
    (*jni)->SetObjectArrayElement(jni, result, 1, depth);
    (*jni)->SetObjectArrayElement(jni, result, 2, slot);
    (*jni)->SetObjectArrayElement(jni, result, 3, value);
    return OK;
}

/* What thread t's frames hold, each value once, in held[0..*count). seen[v] == t marks value index v as taken. */
static error held_by(JNIEnv *jni, jobjectArray threads, const struct values *values, const struct stack_walk *walk,
                     const struct by_thread *sorted, jint t, jint *seen, jobjectArray *held, jint *count) {
    error err = new_array(jni, "java/lang/Object", (jsize)(sorted->from[t + 1] - sorted->from[t]), held);
    *count = 0;
    for (size_t r = sorted->from[t]; r < sorted->from[t + 1] && !is_error(err); r++) {
        const struct stack_ref *ref = &walk->refs[sorted->order[r]];
        jlong index = ref->value <= walk->thread_count ? ref->value - 1 : walk->thread_count + ref->value - FOUND_TAG_BASE;
        if (seen[index] == t || !is_reported(walk, values->alive, ref)) {
            continue;
        }
        seen[index] = t;
        jobject object = value_of(jni, threads, values, walk->thread_count, ref->value);
        (*jni)->SetObjectArrayElement(jni, *held, (*count)++, object);
        (*jni)->DeleteLocalRef(jni, object);
    }
    return err;
}

/* { Object[][] owned, Object[] contended }, by thread index; a thread listed twice gets its first index's answer. */
static error monitors_result(JNIEnv *jni, jvmtiEnv *env, jobjectArray threads, const struct values *values,
                             const struct stack_walk *walk, const struct by_thread *sorted, jobjectArray result) {
    jint value_count = (jint)(walk->next_value - FOUND_TAG_BASE);
    jint *seen = malloc(sizeof *seen * ((size_t)walk->thread_count + value_count + 1));
    jobjectArray owned = NULL, contended = NULL;
    error err = seen == NULL ? out_of_memory("collecting monitor candidates")
        : new_array(jni, "[Ljava/lang/Object;", walk->thread_count, &owned);
    if (!is_error(err)) {
        err = new_array(jni, "java/lang/Object", walk->thread_count, &contended);
    }
    for (jint i = 0; i < walk->thread_count + value_count && !is_error(err); i++) {
        seen[i] = -1;
    }
    for (jint t = 0; t < walk->thread_count && !is_error(err); t++) {
        jobject thread = (*jni)->GetObjectArrayElement(jni, threads, t);
        jobjectArray held = NULL, owned_by = NULL;
        jobject contended_by = NULL;
        jint count = 0;
        jlong tag = 0;
        err = check((*env)->GetTag(env, thread, &tag), "reading a thread's tag");
        if (!is_error(err) && tag != t + 1) {
            owned_by = (*jni)->GetObjectArrayElement(jni, owned, (jsize)(tag - 1));
            contended_by = (*jni)->GetObjectArrayElement(jni, contended, (jsize)(tag - 1));
        } else if (!is_error(err)) {
            err = held_by(jni, threads, values, walk, sorted, t, seen, &held, &count);
        }
        if (!is_error(err) && tag == t + 1) {
            err = thread_monitors(jni, thread, held, count, &owned_by, &contended_by);
        }
        if (!is_error(err)) {
            (*jni)->SetObjectArrayElement(jni, owned, t, owned_by);
            (*jni)->SetObjectArrayElement(jni, contended, t, contended_by);
        }
        (*jni)->DeleteLocalRef(jni, contended_by);
        (*jni)->DeleteLocalRef(jni, owned_by);
        (*jni)->DeleteLocalRef(jni, held);
        (*jni)->DeleteLocalRef(jni, thread);
    }
    free(seen);
    if (!is_error(err)) {
        (*jni)->SetObjectArrayElement(jni, result, 4, owned);
        (*jni)->SetObjectArrayElement(jni, result, 5, contended);
    }
    return err;
}

static error stack_local_objects(JNIEnv *jni, jobjectArray threads, jobjectArray *result) {
    if (threads == NULL) {
        return null_argument("threads");
    }
    struct stack_walk walk;
    memset(&walk, 0, sizeof walk);
    walk.thread_count = (*jni)->GetArrayLength(jni, threads);
    struct by_thread sorted = { NULL, NULL };
    struct values values = { NULL, NULL };
    jvmtiEnv *env = NULL;
    error err = tagging_env(&env);
    if (!is_error(err)) {
        err = walk_stacks(jni, env, threads, &walk);
    }
    if (!is_error(err)) {
        err = sort_by_thread(&walk, &sorted);
    }
    if (!is_error(err) && walk.whole_heap) {
        err = align_virtual_depths(jni, threads, &walk, &sorted);
    }
    if (!is_error(err)) {
        err = distinct_values(jni, env, &walk, &values);
    }
    if (!is_error(err)) {
        err = new_array(jni, "java/lang/Object", 6, result);
    }
    if (!is_error(err)) {
        err = locals_result(jni, threads, &values, &walk, *result);
    }
    if (!is_error(err)) {
        err = monitors_result(jni, env, threads, &values, &walk, &sorted, *result);
    }
    free(values.alive);
    free(sorted.from);
    free(sorted.order);
    free(walk.refs);
    dispose_env(env);
    return err;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_stackLocalObjects(JNIEnv *jni, jclass self, jobjectArray threads) {
    jobjectArray result = NULL;
    return throw_error(jni, stack_local_objects(jni, threads, &result)) ? NULL : result;
}
