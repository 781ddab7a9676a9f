/*
 * Heap walks: the live instances of classes, the objects in threads' local variables, and the
 * monitors threads own or wait for.
 *
 * Each walk runs in a fresh tagging environment that is disposed at the end: its tags die with
 * it, so no tag outlives a call.
 *
 * Walks use FollowReferences rather than IterateThroughHeap because only FollowReferences
 * skips garbage: IterateThroughHeap visits every object still in the heap, unreachable ones
 * too, until the next GC (measured: 100k dropped instances came back with the 200k kept
 * ones), and it is not faster: on JDK 25 with 1.2M objects (230 MB) and 200k instances of
 * the requested class, IterateThroughHeap took ~160 ms, FollowReferences ~130 ms with the
 * klass filter.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "asyncinspect.h"

#define ACC_STATIC 0x0008
#define ACC_SYNCHRONIZED 0x0020

/* Tags of requested classes are 1..n; objects found get tags from here on, never confused with them. */
#define FOUND_TAG_BASE ((jlong)1 << 32)

static void out_of_memory(JNIEnv *jni, const char *what) {
    throw_new(jni, "java/lang/OutOfMemoryError", what);
}

/*
 * instancesOf
 */

static jint JNICALL tag_instance(jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
                                 jlong class_tag, jlong referrer_class_tag, jlong size, jlong *tag_ptr,
                                 jlong *referrer_tag_ptr, jint length, void *user_data) {
    /* The filters let through only untagged instances of requested (tagged) classes, so each
       instance comes here once. Filtered objects are still traversed: the spec's filters only
       decide which callbacks run. */
    *tag_ptr = FOUND_TAG_BASE + class_tag - 1;
    return JVMTI_VISIT_OBJECTS;
}

/* Tags classes[i] with i + 1; first[i] is the index that class was first requested at. */
static int tag_classes(JNIEnv *jni, jvmtiEnv *env, jobjectArray classes, jint n, jint *first) {
    for (jint i = 0; i < n; i++) {
        jobject type = (*jni)->GetObjectArrayElement(jni, classes, i);
        jlong tag = 0;
        int ok = !null_argument(jni, type, "an element of classes")
            && !failed(jni, env, (*env)->GetTag(env, type, &tag), "reading a class's tag")
            && (tag != 0 || !failed(jni, env, (*env)->SetTag(env, type, i + 1), "tagging a class"));
        first[i] = tag != 0 ? (jint)(tag - 1) : i;
        (*jni)->DeleteLocalRef(jni, type);
        if (!ok) {
            return 0;
        }
    }
    return 1;
}

/*
 * Tags the reachable instances. One walk whose heap filter passes only instances of tagged
 * classes is the natural way, and on JDK 17 it is cheap. Later HotSpots (JNI version above
 * 10, JDK 19+; measured on 25) give every object the heap filter judges an identity hash,
 * since their tag table is keyed by it: that walk is ~4x slower and writes a hash into every
 * reachable object's header. The klass filter is checked before that, so there a few
 * classes get one walk each; past that, one hashing walk is cheaper than many walks
 * (a continuation class per suspend function makes hundreds).
 */
#define WALKS_PER_CLASS_UP_TO 4
static int follow_instances(JNIEnv *jni, jvmtiEnv *env, jobjectArray classes, jint n, const jint *first,
                            const jvmtiHeapCallbacks *callbacks) {
    if ((*jni)->GetVersion(jni) <= JNI_VERSION_10 || n > WALKS_PER_CLASS_UP_TO) {
        jint filter = JVMTI_HEAP_FILTER_TAGGED | JVMTI_HEAP_FILTER_CLASS_UNTAGGED;
        return !failed(jni, env, (*env)->FollowReferences(env, filter, NULL, NULL, callbacks, NULL), "following references");
    }
    for (jint i = 0; i < n; i++) {
        if (first[i] != i) {
            continue;
        }
        jobject type = (*jni)->GetObjectArrayElement(jni, classes, i);
        jvmtiError err = (*env)->FollowReferences(env, JVMTI_HEAP_FILTER_TAGGED, type, NULL, callbacks, NULL);
        (*jni)->DeleteLocalRef(jni, type);
        if (failed(jni, env, err, "following references")) {
            return 0;
        }
    }
    return 1;
}

/* The index of java.lang.Class among the requested classes, or -1. */
static jint class_class_index(JNIEnv *jni, jobjectArray classes, jint n, const jint *first) {
    jclass class_class = (*jni)->FindClass(jni, "java/lang/Class");
    jint found = -1;
    for (jint i = 0; i < n && found < 0; i++) {
        jobject type = (*jni)->GetObjectArrayElement(jni, classes, i);
        if (first[i] == i && (*jni)->IsSameObject(jni, type, class_class)) {
            found = i;
        }
        (*jni)->DeleteLocalRef(jni, type);
    }
    (*jni)->DeleteLocalRef(jni, class_class);
    return found;
}

/* result[i] = the objects tagged FOUND_TAG_BASE + i, grouped by a counting sort. */
static jobjectArray group_instances(JNIEnv *jni, jobjectArray classes, jint n, const jint *first,
                                    jint count, const jobject *objects, const jlong *object_tags) {
    jobjectArray result = NULL;
    jint *start = calloc((size_t)n + 1, sizeof *start);
    jint *order = malloc(sizeof *order * (count > 0 ? count : 1));
    jclass object_array = (*jni)->FindClass(jni, "[Ljava/lang/Object;");
    if (start == NULL || order == NULL) {
        out_of_memory(jni, "grouping instances");
        goto done;
    }
    for (jint k = 0; k < count; k++) {
        start[object_tags[k] - FOUND_TAG_BASE + 1]++;
    }
    for (jint i = 0; i < n; i++) {
        start[i + 1] += start[i];
    }
    for (jint k = 0; k < count; k++) {
        order[start[object_tags[k] - FOUND_TAG_BASE]++] = k;
    }
    /* start[i] now is where class i's group ends. The Class objects we tagged were filtered
       out: when Class is asked for, the requested classes join its group. */
    jint class_class = class_class_index(jni, classes, n, first);
    jint requested = 0;
    for (jint i = 0; i < n; i++) {
        requested += first[i] == i;
    }
    result = object_array == NULL ? NULL : (*jni)->NewObjectArray(jni, n, object_array, NULL);
    for (jint i = 0; result != NULL && i < n; i++) {
        if (first[i] != i) {
            jobject same = (*jni)->GetObjectArrayElement(jni, result, first[i]);
            (*jni)->SetObjectArrayElement(jni, result, i, same);
            (*jni)->DeleteLocalRef(jni, same);
            continue;
        }
        jint from = i == 0 ? 0 : start[i - 1];
        jint size = start[i] - from + (i == class_class ? requested : 0);
        jobjectArray group = new_array(jni, "java/lang/Object", size);
        if (group == NULL) {
            result = NULL;
            break;
        }
        for (jint k = from; k < start[i]; k++) {
            (*jni)->SetObjectArrayElement(jni, group, k - from, objects[order[k]]);
            (*jni)->DeleteLocalRef(jni, objects[order[k]]);
        }
        for (jint j = 0, at = start[i] - from; i == class_class && j < n; j++) {
            if (first[j] == j) {
                jobject type = (*jni)->GetObjectArrayElement(jni, classes, j);
                (*jni)->SetObjectArrayElement(jni, group, at++, type);
                (*jni)->DeleteLocalRef(jni, type);
            }
        }
        (*jni)->SetObjectArrayElement(jni, result, i, group);
        (*jni)->DeleteLocalRef(jni, group);
    }
done:
    free(start);
    free(order);
    return result;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_instancesOf(JNIEnv *jni, jclass self, jobjectArray classes) {
    if (null_argument(jni, classes, "classes")) {
        return NULL;
    }
    jint n = (*jni)->GetArrayLength(jni, classes);
    if (n == 0) {
        return new_array(jni, "[Ljava/lang/Object;", 0);
    }
    jint *first = malloc(sizeof *first * n);
    jlong *tags = malloc(sizeof *tags * n);
    jvmtiEnv *env = NULL;
    jint count = 0;
    jobject *objects = NULL;
    jlong *object_tags = NULL;
    jobjectArray result = NULL;
    if (first == NULL || tags == NULL) {
        out_of_memory(jni, "instancesOf");
        goto done;
    }
    env = tagging_env(jni);
    if (env == NULL || !tag_classes(jni, env, classes, n, first)) {
        goto done;
    }
    jvmtiHeapCallbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.heap_reference_callback = tag_instance;
    if (!follow_instances(jni, env, classes, n, first, &callbacks)) {
        goto done;
    }
    for (jint i = 0; i < n; i++) {
        tags[i] = FOUND_TAG_BASE + i;
    }
    if (!failed(jni, env, (*env)->GetObjectsWithTags(env, n, tags, &count, &objects, &object_tags), "collecting instances")) {
        result = group_instances(jni, classes, n, first, count, objects, object_tags);
    }
done:
    if (env != NULL) {
        deallocate(env, objects);
        deallocate(env, object_tags);
    }
    dispose_env(env);
    free(first);
    free(tags);
    return result;
}

/*
 * Stack references: the walk behind stackLocalObjects and the monitor queries.
 */

/*
 * One object held by a frame; value is a thread's tag (1..n) or FOUND_TAG_BASE + a distinct
 * value's index. A depth of -1 marks a reference dropped by align_virtual_depths.
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
    int jni_locals;  /* also record JNI local references, with slot -1 */
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
    } else if (kind == JVMTI_HEAP_REFERENCE_JNI_LOCAL && walk->jni_locals) {
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
static int walk_stacks(JNIEnv *jni, jvmtiEnv *env, jobjectArray threads, struct stack_walk *walk) {
    walk->thread_count = (*jni)->GetArrayLength(jni, threads);
    walk->next_value = FOUND_TAG_BASE;
    for (jint i = 0; i < walk->thread_count; i++) {
        jobject thread = (*jni)->GetObjectArrayElement(jni, threads, i);
        jlong tag = 0;
        int ok = !null_argument(jni, thread, "an element of threads")
            && !failed(jni, env, (*env)->GetTag(env, thread, &tag), "reading a thread's tag")
            && (tag != 0 || !failed(jni, env, (*env)->SetTag(env, thread, i + 1), "tagging a thread"));
        walk->whole_heap |= ok && is_virtual(jni, thread);
        (*jni)->DeleteLocalRef(jni, thread);
        if (!ok) {
            return 0;
        }
    }
    jvmtiHeapCallbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.heap_reference_callback = record_stack_ref;
    if (failed(jni, env, (*env)->FollowReferences(env, 0, NULL, NULL, &callbacks, walk), "following stack references")) {
        return 0;
    }
    if (walk->out_of_memory) {
        out_of_memory(jni, "recording stack references");
        return 0;
    }
    return 1;
}

/*
 * The distinct values the walk tagged, at index tag - FOUND_TAG_BASE; alive[index] is 0 for a
 * value that died since the walk (a running thread dropped it and a GC ran).
 *
 * GetObjectsWithTags compares every tagged object with every requested tag in HotSpot, so
 * this costs values x values: fine for the hundreds to few thousands that frames hold.
 */
static jobjectArray distinct_values(JNIEnv *jni, jvmtiEnv *env, const struct stack_walk *walk, char **alive) {
    jint n = (jint)(walk->next_value - FOUND_TAG_BASE);
    jlong *tags = malloc(sizeof *tags * (n > 0 ? n : 1));
    *alive = calloc(n > 0 ? n : 1, 1);
    jint count = 0;
    jobject *objects = NULL;
    jlong *object_tags = NULL;
    jobjectArray values = NULL;
    if (tags == NULL || *alive == NULL) {
        out_of_memory(jni, "collecting stack values");
        goto done;
    }
    for (jint i = 0; i < n; i++) {
        tags[i] = FOUND_TAG_BASE + i;
    }
    if (failed(jni, env, (*env)->GetObjectsWithTags(env, n, tags, &count, &objects, &object_tags), "collecting stack values")) {
        goto done;
    }
    values = new_array(jni, "java/lang/Object", n);
    for (jint k = 0; k < count; k++) {
        if (values != NULL) {
            (*jni)->SetObjectArrayElement(jni, values, (jsize)(object_tags[k] - FOUND_TAG_BASE), objects[k]);
            (*alive)[object_tags[k] - FOUND_TAG_BASE] = 1;
        }
        (*jni)->DeleteLocalRef(jni, objects[k]);
    }
done:
    deallocate(env, objects);
    deallocate(env, object_tags);
    free(tags);
    return values;
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
static int align_virtual_depths(JNIEnv *jni, jobjectArray threads, struct stack_walk *walk) {
    jvmtiEnv *queries = query_env(jni);
    if (queries == NULL) {
        return 0;
    }
    /* a counting sort by thread: then thread t's references are order[start[t - 1]] .. order[start[t] - 1] */
    size_t *start = calloc((size_t)walk->thread_count + 1, sizeof *start);
    size_t *order = malloc(sizeof *order * (walk->count > 0 ? walk->count : 1));
    if (start == NULL || order == NULL) {
        free(start);
        free(order);
        out_of_memory(jni, "aligning depths");
        return 0;
    }
    for (size_t r = 0; r < walk->count; r++) {
        start[walk->refs[r].thread + 1]++;
    }
    for (jint t = 0; t < walk->thread_count; t++) {
        start[t + 1] += start[t];
    }
    for (size_t r = 0; r < walk->count; r++) {
        order[start[walk->refs[r].thread]++] = r;
    }
    for (jint t = 0; t < walk->thread_count; t++) {
        size_t begin = t == 0 ? 0 : start[t - 1], count = start[t] - begin;
        jobject thread = (*jni)->GetObjectArrayElement(jni, threads, t);
        if (count == 0 || !is_virtual(jni, thread)) {
            (*jni)->DeleteLocalRef(jni, thread);
            continue;
        }
        jint depth = 0;
        jvmtiFrameInfo *frames = stack_frames(jni, queries, thread, INT32_MAX, &depth);
        (*jni)->DeleteLocalRef(jni, thread);
        (*jni)->ExceptionClear(jni);
        int shift = frames == NULL ? -1 : depth_shift(walk, order + begin, count, frames, depth);
        for (size_t r = begin; r < start[t]; r++) {
            struct stack_ref *ref = &walk->refs[order[r]];
            ref->depth = shift < 0 || ref->depth < shift ? -1 : ref->depth - shift;
        }
        free(frames);
    }
    free(start);
    free(order);
    return 1;
}

static int is_reported(const struct stack_walk *walk, const char *alive, const struct stack_ref *ref) {
    return ref->depth >= 0 && (ref->value <= walk->thread_count || alive[ref->value - FOUND_TAG_BASE]);
}

/* The value of a stack reference as a new local reference. */
static jobject value_of(JNIEnv *jni, jobjectArray threads, jobjectArray values, jint thread_count, jlong value) {
    return value <= thread_count ? (*jni)->GetObjectArrayElement(jni, threads, (jsize)(value - 1))
                                 : (*jni)->GetObjectArrayElement(jni, values, (jsize)(value - FOUND_TAG_BASE));
}

/* { int[] threadIndex, int[] depth, int[] slot, Object[] value } for the references to report. */
static jobjectArray stack_refs_result(JNIEnv *jni, jobjectArray threads, jobjectArray values, const char *alive,
                                      const struct stack_walk *walk) {
    jint n = 0;
    for (size_t r = 0; r < walk->count; r++) {
        n += is_reported(walk, alive, &walk->refs[r]);
    }
    jintArray thread_index = (*jni)->NewIntArray(jni, n);
    jintArray depth = thread_index == NULL ? NULL : (*jni)->NewIntArray(jni, n);
    jintArray slot = depth == NULL ? NULL : (*jni)->NewIntArray(jni, n);
    jobjectArray value = slot == NULL ? NULL : new_array(jni, "java/lang/Object", n);
    jobjectArray result = value == NULL ? NULL : new_array(jni, "java/lang/Object", 4);
    if (result == NULL) {
        return NULL;
    }
    jint i = 0;
    for (size_t r = 0; r < walk->count; r++) {
        const struct stack_ref *ref = &walk->refs[r];
        if (!is_reported(walk, alive, ref)) {
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
    return result;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_stackLocalObjects(JNIEnv *jni, jclass self, jobjectArray threads) {
    if (null_argument(jni, threads, "threads")) {
        return NULL;
    }
    struct stack_walk walk;
    memset(&walk, 0, sizeof walk);
    char *alive = NULL;
    jobjectArray result = NULL;
    jvmtiEnv *env = tagging_env(jni);
    if (env != NULL && walk_stacks(jni, env, threads, &walk) && (!walk.whole_heap || align_virtual_depths(jni, threads, &walk))) {
        jobjectArray values = distinct_values(jni, env, &walk, &alive);
        if (values != NULL) {
            result = stack_refs_result(jni, threads, values, alive, &walk);
        }
    }
    free(alive);
    free(walk.refs);
    dispose_env(env);
    return result;
}

/*
 * Monitors. The capabilities behind GetOwnedMonitorInfo and GetCurrentContendedMonitor are
 * available only when an agent starts with the JVM (HotSpot must keep lock information that
 * its compilers otherwise optimize away), never to a library loaded later. What is available
 * live is GetObjectMonitorUsage, which tells who owns or waits for one object's monitor. So
 * the candidates are the objects the thread's frames refer to, where such a monitor nearly
 * always is: the local javac keeps for monitorexit, the operand of a blocked monitorenter,
 * the receiver of a synchronized method (slot 0) or of Object.wait (a JNI local), and the
 * class of a static synchronized method.
 *
 * Since JDK 23 GetObjectMonitorUsage names only platform threads as owners and leaves virtual
 * threads out of its waiter lists (JDK-8328083), so virtual threads get no answer at all.
 */

/* The objects the thread's frames hold, and the classes of its static synchronized frames. */
static jobjectArray monitor_candidates(JNIEnv *jni, jthread thread, jint *count) {
    jobjectArray threads = new_array(jni, "java/lang/Thread", 1);
    jvmtiEnv *queries = query_env(jni);
    if (threads == NULL || queries == NULL) {
        return NULL;
    }
    (*jni)->SetObjectArrayElement(jni, threads, 0, thread);
    struct stack_walk walk;
    memset(&walk, 0, sizeof walk);
    walk.jni_locals = 1;
    char *alive = NULL;
    jobjectArray values = NULL;
    jobjectArray candidates = NULL;
    jint depth = 0;
    jvmtiFrameInfo *frames = NULL;
    jvmtiEnv *env = tagging_env(jni);
    if (env == NULL || !walk_stacks(jni, env, threads, &walk)
        || (values = distinct_values(jni, env, &walk, &alive)) == NULL
        || (frames = stack_frames(jni, queries, thread, INT32_MAX, &depth)) == NULL) {
        goto done;
    }
    jint held = (jint)(walk.next_value - FOUND_TAG_BASE);
    candidates = new_array(jni, "java/lang/Object", held + depth);
    *count = 0;
    for (jint i = 0; candidates != NULL && i < held; i++) {
        jobject object = (*jni)->GetObjectArrayElement(jni, values, i);
        if (object != NULL) {
            (*jni)->SetObjectArrayElement(jni, candidates, (*count)++, object);
            (*jni)->DeleteLocalRef(jni, object);
        }
    }
    for (jint i = 0; candidates != NULL && i < depth; i++) {
        jint modifiers = 0;
        jclass declaring = NULL;
        (*queries)->GetMethodModifiers(queries, frames[i].method, &modifiers);
        if ((modifiers & (ACC_STATIC | ACC_SYNCHRONIZED)) == (ACC_STATIC | ACC_SYNCHRONIZED)
            && (*queries)->GetMethodDeclaringClass(queries, frames[i].method, &declaring) == JVMTI_ERROR_NONE) {
            (*jni)->SetObjectArrayElement(jni, candidates, (*count)++, declaring);
            (*jni)->DeleteLocalRef(jni, declaring);
        }
    }
done:
    free(frames);
    free(alive);
    free(walk.refs);
    dispose_env(env);
    return candidates;
}

enum monitor_relation { UNRELATED, OWNS, WAITS };

static int any_is(JNIEnv *jni, jthread *threads, jint count, jthread thread) {
    int found = 0;
    for (jint i = 0; i < count; i++) {
        found |= (*jni)->IsSameObject(jni, threads[i], thread);
        (*jni)->DeleteLocalRef(jni, threads[i]);
    }
    return found;
}

/* How thread relates to object's monitor; -1 after throwing. */
static int monitor_relation(JNIEnv *jni, jvmtiEnv *env, jobject object, jthread thread) {
    jvmtiMonitorUsage usage;
    if (failed(jni, env, (*env)->GetObjectMonitorUsage(env, object, &usage), "getting a monitor's usage")) {
        return -1;
    }
    int owns = usage.owner != NULL && (*jni)->IsSameObject(jni, usage.owner, thread);
    (*jni)->DeleteLocalRef(jni, usage.owner);
    /* both lists: JDK 17 puts threads in Object.wait among waiters too, later JDKs do not */
    int waits = any_is(jni, usage.waiters, usage.waiter_count, thread);
    waits |= any_is(jni, usage.notify_waiters, usage.notify_waiter_count, thread);
    deallocate(env, usage.waiters);
    deallocate(env, usage.notify_waiters);
    return owns ? OWNS : waits ? WAITS : UNRELATED;
}

/* The candidates thread has the given relation with: all of them, or the first one only. */
static jobjectArray related_monitors(JNIEnv *jni, jthread thread, enum monitor_relation wanted, int first_only) {
    jvmtiEnv *env = null_argument(jni, thread, "thread") ? NULL : query_env(jni);
    if (env != NULL && is_virtual(jni, thread)) {
        return new_array(jni, "java/lang/Object", 0);
    }
    jint count = 0;
    jobjectArray candidates = env == NULL ? NULL : monitor_candidates(jni, thread, &count);
    if (candidates == NULL) {
        return NULL;
    }
    jint found = 0;
    for (jint i = 0; i < count && !(first_only && found > 0); i++) {
        jobject object = (*jni)->GetObjectArrayElement(jni, candidates, i);
        int relation = monitor_relation(jni, env, object, thread);
        if (relation < 0) {
            return NULL;
        }
        if (relation == wanted) {
            (*jni)->SetObjectArrayElement(jni, candidates, found++, object);
        }
        (*jni)->DeleteLocalRef(jni, object);
    }
    jobjectArray result = new_array(jni, "java/lang/Object", found);
    for (jint i = 0; result != NULL && i < found; i++) {
        jobject object = (*jni)->GetObjectArrayElement(jni, candidates, i);
        (*jni)->SetObjectArrayElement(jni, result, i, object);
        (*jni)->DeleteLocalRef(jni, object);
    }
    return result;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_ownedMonitors(JNIEnv *jni, jclass self, jthread thread) {
    return related_monitors(jni, thread, OWNS, 0);
}

JNIEXPORT jobject JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_contendedMonitor(JNIEnv *jni, jclass self, jthread thread) {
    jvmtiEnv *env = null_argument(jni, thread, "thread") ? NULL : query_env(jni);
    jint state = 0;
    if (env == NULL || is_virtual(jni, thread)
        || failed(jni, env, (*env)->GetThreadState(env, thread, &state), "getting a thread's state")) {
        return NULL;
    }
    /* like GetCurrentContendedMonitor: entering a monitor, or inside Object.wait on it */
    if (!(state & (JVMTI_THREAD_STATE_BLOCKED_ON_MONITOR_ENTER | JVMTI_THREAD_STATE_IN_OBJECT_WAIT))) {
        return NULL;
    }
    jobjectArray found = related_monitors(jni, thread, WAITS, 1);
    if (found == NULL || (*jni)->GetArrayLength(jni, found) == 0) {
        return NULL;
    }
    return (*jni)->GetObjectArrayElement(jni, found, 0);
}
