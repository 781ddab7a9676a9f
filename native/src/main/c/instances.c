/*
 * The live instances of classes (instancesOf).
 *
 * The walk runs in a fresh tagging environment that is disposed at the end: its tags die with
 * it, so no tag outlives a call.
 *
 * It uses FollowReferences rather than IterateThroughHeap because only FollowReferences skips
 * garbage: IterateThroughHeap visits every object still in the heap, unreachable ones too,
 * until the next GC (measured: 100k dropped instances came back with the 200k kept ones), and
 * it is not faster: on JDK 25 with 1.2M objects (230 MB) and 200k instances of the requested
 * class, IterateThroughHeap took ~160 ms, FollowReferences ~130 ms with the klass filter.
 */
#include <stdlib.h>
#include <string.h>
#include "asyncinspect.h"

/*
 * An instance of the class first requested at index i is tagged as the chunk-th TAGGED_PER_FRAME
 * of them, so that each GetObjectsWithTags call (one tag) returns at most that many.
 */
#define MAX_CHUNKS ((jlong)1 << 24)

static jlong chunk_tag(jint i, jlong chunk) {
    return FOUND_TAG_BASE + i * MAX_CHUNKS + chunk;
}

/* counts[i]: the instances tagged so far of the class first requested at i */
struct counts {
    jint n;
    jlong *counts;
};

static jint JNICALL tag_instance(jvmtiHeapReferenceKind kind, const jvmtiHeapReferenceInfo *info,
                                 jlong class_tag, jlong referrer_class_tag, jlong size, jlong *tag_ptr,
                                 jlong *referrer_tag_ptr, jint length, void *user_data) {
    /* The filters let through only untagged instances of tagged classes, so each instance comes
       here once. Filtered objects are still traversed: the spec's filters only decide which
       callbacks run. A class tagged as found (an instance of Class) is not one asked for. */
    struct counts *counts = user_data;
    if (class_tag <= counts->n) {
        jint i = (jint)(class_tag - 1);
        *tag_ptr = chunk_tag(i, counts->counts[i]++ / TAGGED_PER_FRAME);
    }
    return JVMTI_VISIT_OBJECTS;
}

/* Tags classes[i] with i + 1; first[i] is the index that class was first requested at. */
static error tag_classes(JNIEnv *jni, jvmtiEnv *env, jobjectArray classes, jint n, jint *first) {
    for (jint i = 0; i < n; i++) {
        jobject type = (*jni)->GetObjectArrayElement(jni, classes, i);
        jlong tag = 0;
        error err = type == NULL ? null_argument("an element of classes")
            : check((*env)->GetTag(env, type, &tag), "reading a class's tag");
        if (!is_error(err) && tag == 0) {
            err = check((*env)->SetTag(env, type, i + 1), "tagging a class");
        }
        first[i] = tag != 0 ? (jint)(tag - 1) : i;
        (*jni)->DeleteLocalRef(jni, type);
        if (is_error(err)) {
            return err;
        }
    }
    return OK;
}

/*
 * Tags the reachable instances and counts them by class. One walk whose heap filter passes
 * only instances of tagged classes is the natural way, and on JDK 17 it is cheap. Later
 * HotSpots (JNI version above 10, JDK 19+; measured on 25) give every object the heap filter
 * judges an identity hash, since their tag table is keyed by it: that walk is ~4x slower and
 * writes a hash into every reachable object's header. The klass filter is checked before that,
 * so there a few classes get one walk each; past that, one hashing walk is cheaper than many
 * walks (a continuation class per suspend function makes hundreds).
 */
#define WALKS_PER_CLASS_UP_TO 4
static error follow_instances(JNIEnv *jni, jvmtiEnv *env, jobjectArray classes, jint n, const jint *first,
                              struct counts *counts) {
    jvmtiHeapCallbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.heap_reference_callback = tag_instance;
    if ((*jni)->GetVersion(jni) <= JNI_VERSION_10 || n > WALKS_PER_CLASS_UP_TO) {
        jint filter = JVMTI_HEAP_FILTER_TAGGED | JVMTI_HEAP_FILTER_CLASS_UNTAGGED;
        return check((*env)->FollowReferences(env, filter, NULL, NULL, &callbacks, counts), "following references");
    }
    for (jint i = 0; i < n; i++) {
        if (first[i] != i) {
            continue;
        }
        jobject type = (*jni)->GetObjectArrayElement(jni, classes, i);
        error err = check((*env)->FollowReferences(env, JVMTI_HEAP_FILTER_TAGGED, type, NULL, &callbacks, counts),
                          "following references");
        (*jni)->DeleteLocalRef(jni, type);
        if (is_error(err)) {
            return err;
        }
    }
    return OK;
}

/* The index of java.lang.Class among the requested classes, or -1. */
static jint class_class_index(JNIEnv *jni, jobjectArray classes, jint n, const jint *first) {
    jint found = -1;
    for (jint i = 0; i < n && found < 0; i++) {
        jobject type = (*jni)->GetObjectArrayElement(jni, classes, i);
        jclass class_class = (*jni)->GetObjectClass(jni, type);
        if (first[i] == i && (*jni)->IsSameObject(jni, type, class_class)) {
            found = i;
        }
        (*jni)->DeleteLocalRef(jni, class_class);
        (*jni)->DeleteLocalRef(jni, type);
    }
    return found;
}

struct group {
    jobjectArray array;
    jint filled;
};

static error add_to_group(JNIEnv *jni, void *context, jobject object, jlong tag) {
    struct group *group = context;
    (*jni)->SetObjectArrayElement(jni, group->array, group->filled++, object);
    return OK;
}

/* The first length elements of array, in a new array (the same one when that is all of it). */
static error shrunk(JNIEnv *jni, jobjectArray array, jint length, jobjectArray *result) {
    if (length == (*jni)->GetArrayLength(jni, array)) {
        *result = array;
        return OK;
    }
    error err = new_array(jni, "java/lang/Object", length, result);
    for (jint k = 0; k < length && !is_error(err); k++) {
        jobject object = (*jni)->GetObjectArrayElement(jni, array, k);
        (*jni)->SetObjectArrayElement(jni, *result, k, object);
        (*jni)->DeleteLocalRef(jni, object);
    }
    (*jni)->DeleteLocalRef(jni, array);
    return err;
}

/*
 * The instances of the class first requested at i. The Class objects we tagged were filtered out
 * of the walk: when Class is asked for, the requested classes join its group.
 */
static error group_of(JNIEnv *jni, jvmtiEnv *env, jobjectArray classes, jint n, const jint *first, jint i,
                      jlong count, int is_class_class, jobjectArray *result) {
    jint requested = 0;
    for (jint j = 0; is_class_class && j < n; j++) {
        requested += first[j] == j;
    }
    jlong chunks = (count + TAGGED_PER_FRAME - 1) / TAGGED_PER_FRAME;
    jlong *tags = malloc(sizeof *tags * (chunks > 0 ? chunks : 1));
    if (tags == NULL) {
        return out_of_memory("grouping instances");
    }
    for (jlong c = 0; c < chunks; c++) {
        tags[c] = chunk_tag(i, c);
    }
    struct group group = { NULL, 0 };
    error err = new_array(jni, "java/lang/Object", (jsize)(count + requested), &group.array);
    if (!is_error(err)) {
        err = each_tagged(jni, env, tags, (jint)chunks, 1, add_to_group, &group);
    }
    free(tags);
    for (jint j = 0; is_class_class && j < n && !is_error(err); j++) {
        if (first[j] == j) {
            jobject type = (*jni)->GetObjectArrayElement(jni, classes, j);
            add_to_group(jni, &group, type, 0);
            (*jni)->DeleteLocalRef(jni, type);
        }
    }
    /* fewer than counted when some died between the walk and now and a GC ran */
    return is_error(err) ? err : shrunk(jni, group.array, group.filled, result);
}

/* result[i] = the instances of classes[i], found in the walk that tagged counts[first[i]] of them. */
static error grouped(JNIEnv *jni, jvmtiEnv *env, jobjectArray classes, jint n, const jint *first,
                     const jlong *counts, jobjectArray *result) {
    error err = new_array(jni, "[Ljava/lang/Object;", n, result);
    jint class_class = class_class_index(jni, classes, n, first);
    for (jint i = 0; i < n && !is_error(err); i++) {
        jobjectArray group = NULL;
        if (first[i] != i) {
            group = (*jni)->GetObjectArrayElement(jni, *result, first[i]);
        } else {
            err = group_of(jni, env, classes, n, first, i, counts[i], i == class_class, &group);
        }
        if (!is_error(err)) {
            (*jni)->SetObjectArrayElement(jni, *result, i, group);
        }
        (*jni)->DeleteLocalRef(jni, group);
    }
    return err;
}

static error instances_of(JNIEnv *jni, jobjectArray classes, jobjectArray *result) {
    if (classes == NULL) {
        return null_argument("classes");
    }
    jint n = (*jni)->GetArrayLength(jni, classes);
    if (n == 0) {
        return new_array(jni, "[Ljava/lang/Object;", 0, result);
    }
    jint *first = malloc(sizeof *first * n);
    jlong *counts = calloc(n, sizeof *counts);
    jvmtiEnv *env = NULL;
    error err = first == NULL || counts == NULL ? out_of_memory("instancesOf") : tagging_env(&env);
    if (!is_error(err)) {
        err = tag_classes(jni, env, classes, n, first);
    }
    struct counts found = { n, counts };
    if (!is_error(err)) {
        err = follow_instances(jni, env, classes, n, first, &found);
    }
    if (!is_error(err)) {
        err = grouped(jni, env, classes, n, first, counts, result);
    }
    dispose_env(env);
    free(first);
    free(counts);
    return err;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_instancesOf(JNIEnv *jni, jclass self, jobjectArray classes) {
    jobjectArray result = NULL;
    return throw_error(jni, instances_of(jni, classes, &result)) ? NULL : result;
}
