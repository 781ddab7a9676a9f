/*
 * What the other files share: JVMTI environments, errors turned into exceptions, and helpers
 * for arrays, local references and tagged objects.
 *
 * The library is loaded by System.load into a running JVM (the live phase), so it gets its
 * environments from GetEnv and can only add capabilities that are available live.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asyncinspect.h"

static JavaVM *vm;
static jvmtiEnv *queries;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *loaded_by, void *reserved) {
    vm = loaded_by;
    return JNI_VERSION_1_8;
}

static void throw_new(JNIEnv *jni, const char *class_name, const char *message) {
    jclass type = (*jni)->FindClass(jni, class_name);
    if (type != NULL) {
        (*jni)->ThrowNew(jni, type, message);
        (*jni)->DeleteLocalRef(jni, type);
    }
}

static error new_env(jvmtiEnv **env) {
    if ((*vm)->GetEnv(vm, (void **)env, JVMTI_VERSION_1_2) != JNI_OK) {
        return check(JVMTI_ERROR_UNSUPPORTED_VERSION, "asking this JVM for a JVMTI environment");
    }
    return OK;
}

void dispose_env(jvmtiEnv *env) {
    if (env != NULL) {
        (*env)->DisposeEnvironment(env);
    }
}

/* GetErrorName works in any environment: the query one, or one made for it before that exists. */
static void throw_jvmti_error(JNIEnv *jni, error err) {
    jvmtiEnv *env = queries;
    if (env == NULL && is_error(new_env(&env))) {
        env = NULL;
    }
    char *name = NULL;
    if (env == NULL || (*env)->GetErrorName(env, err.code, &name) != JVMTI_ERROR_NONE) {
        name = NULL;
    }
    char message[256];
    snprintf(message, sizeof message, "%s (%d) while %s", name != NULL ? name : "JVMTI error", err.code, err.doing);
    if (env != NULL) {
        deallocate(env, name);
    }
    if (env != queries) {
        dispose_env(env);
    }
    throw_new(jni, "java/lang/IllegalStateException", message);
}

int throw_error(JNIEnv *jni, error err) {
    if (!is_error(err)) {
        return 0;
    }
    if ((*jni)->ExceptionCheck(jni)) {
        return 1;
    }
    switch (err.code) {
    case JVMTI_ERROR_NULL_POINTER:
        throw_new(jni, "java/lang/NullPointerException", err.doing);
        break;
    case JVMTI_ERROR_ILLEGAL_ARGUMENT:
        throw_new(jni, "java/lang/IllegalArgumentException", err.doing);
        break;
    case JVMTI_ERROR_OUT_OF_MEMORY:
        throw_new(jni, "java/lang/OutOfMemoryError", err.doing);
        break;
    default:
        throw_jvmti_error(jni, err);
    }
    return 1;
}

void deallocate(jvmtiEnv *env, void *memory) {
    if (memory != NULL) {
        (*env)->Deallocate(env, memory);
    }
}

int is_virtual(JNIEnv *jni, jthread thread) {
    return (*jni)->GetVersion(jni) >= JNI_VERSION_21 && (*jni)->IsVirtualThread(jni, thread);
}

error query_env(jvmtiEnv **env) {
    if (queries != NULL) {
        *env = queries;
        return OK;
    }
    jvmtiEnv *made = NULL;
    error err = new_env(&made);
    if (is_error(err)) {
        return err;
    }
    /*
     * Ask only for what this JVM offers live, so one list serves JDK 17 (no virtual threads)
     * and 21+. Missing ones surface later as MUST_POSSESS_CAPABILITY from the call needing them.
     */
    jvmtiCapabilities potential, wanted;
    memset(&wanted, 0, sizeof wanted);
    err = check((*made)->GetPotentialCapabilities(made, &potential), "asking for the live capabilities");
    if (!is_error(err)) {
        wanted.can_get_bytecodes = potential.can_get_bytecodes;
        wanted.can_get_constant_pool = potential.can_get_constant_pool;
        wanted.can_get_line_numbers = potential.can_get_line_numbers;
        wanted.can_get_source_file_name = potential.can_get_source_file_name;
        wanted.can_get_monitor_info = potential.can_get_monitor_info;
        wanted.can_support_virtual_threads = potential.can_support_virtual_threads;
        err = check((*made)->AddCapabilities(made, &wanted), "adding the query capabilities");
    }
    if (is_error(err)) {
        dispose_env(made);
        return err;
    }
    queries = made;
    *env = made;
    return OK;
}

error tagging_env(jvmtiEnv **env) {
    jvmtiEnv *made = NULL;
    error err = new_env(&made);
    if (is_error(err)) {
        return err;
    }
    jvmtiCapabilities wanted;
    memset(&wanted, 0, sizeof wanted);
    wanted.can_tag_objects = 1;
    err = check((*made)->AddCapabilities(made, &wanted), "adding can_tag_objects");
    if (is_error(err)) {
        dispose_env(made);
        return err;
    }
    *env = made;
    return OK;
}

error new_array(JNIEnv *jni, const char *element_class, jsize length, jobjectArray *array) {
    jclass type = (*jni)->FindClass(jni, element_class);
    *array = type == NULL ? NULL : (*jni)->NewObjectArray(jni, length, type, NULL);
    (*jni)->DeleteLocalRef(jni, type);
    return *array == NULL ? out_of_memory("an array") : OK;
}

error made_local_refs(JNIEnv *jni, jint count) {
    return (*jni)->EnsureLocalCapacity(jni, count) == JNI_OK ? OK : out_of_memory("local references");
}

error each_tagged(JNIEnv *jni, jvmtiEnv *env, const jlong *tags, jint count, jint per_call,
                  error (*take)(JNIEnv *jni, void *context, jobject object, jlong tag), void *context) {
    error err = OK;
    for (jint from = 0; from < count && !is_error(err); from += per_call) {
        if ((*jni)->PushLocalFrame(jni, LOCAL_FRAME_CAPACITY) != JNI_OK) {
            return out_of_memory("a frame of local references");
        }
        jint found = 0;
        jobject *objects = NULL;
        jlong *object_tags = NULL;
        err = check((*env)->GetObjectsWithTags(env, count - from < per_call ? count - from : per_call, tags + from,
                                                &found, &objects, &object_tags), "collecting tagged objects");
        for (jint k = 0; k < found && !is_error(err); k++) {
            err = take(jni, context, objects[k], object_tags[k]);
        }
        deallocate(env, objects);
        deallocate(env, object_tags);
        (*jni)->PopLocalFrame(jni, NULL);
    }
    return err;
}

/* A running thread may grow a few frames between GetFrameCount and GetStackTrace. */
#define FRAME_SLACK 16

error stack_frames(jvmtiEnv *env, jthread thread, jint max_depth, jvmtiFrameInfo **frames, jint *depth) {
    jint count;
    error err = check((*env)->GetFrameCount(env, thread, &count), "counting a thread's frames");
    if (is_error(err)) {
        return err;
    }
    jint capacity = max_depth < count + FRAME_SLACK ? max_depth : count + FRAME_SLACK;
    *frames = malloc(sizeof **frames * (capacity > 0 ? capacity : 1));
    if (*frames == NULL) {
        return out_of_memory("frames of a stack trace");
    }
    err = check((*env)->GetStackTrace(env, thread, 0, capacity, *frames, depth), "getting a stack trace");
    if (is_error(err)) {
        free(*frames);
    }
    return err;
}
