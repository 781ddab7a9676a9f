/*
 * JVMTI environments, error reporting, and the queries that need no heap walk: stack traces,
 * bytecodes, constant pools, line numbers, source files, class status and threads.
 *
 * The library is loaded by System.load into a running JVM (the live phase), so it gets its
 * environments from GetEnv and can only add capabilities that are available live.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asyncinspect.h"

/* From the class file format: GetMethodModifiers returns these access flags. */
#define ACC_NATIVE 0x0100
#define ACC_ABSTRACT 0x0400

/* A running thread may grow a few frames between GetFrameCount and GetStackTrace. */
#define FRAME_SLACK 16

static JavaVM *vm;
static jvmtiEnv *queries;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *loaded_by, void *reserved) {
    vm = loaded_by;
    return JNI_VERSION_1_8;
}

void throw_new(JNIEnv *jni, const char *class_name, const char *message) {
    jclass type = (*jni)->FindClass(jni, class_name);
    if (type != NULL) {
        (*jni)->ThrowNew(jni, type, message);
        (*jni)->DeleteLocalRef(jni, type);
    }
}

int failed(JNIEnv *jni, jvmtiEnv *env, jvmtiError err, const char *doing) {
    if (err == JVMTI_ERROR_NONE) {
        return 0;
    }
    if ((*jni)->ExceptionCheck(jni)) {
        return 1;
    }
    char *name = NULL;
    if (env == NULL || (*env)->GetErrorName(env, err, &name) != JVMTI_ERROR_NONE) {
        name = NULL;
    }
    char message[256];
    snprintf(message, sizeof message, "%s (%d) while %s", name != NULL ? name : "JVMTI error", err, doing);
    deallocate(env, name);
    throw_new(jni, "java/lang/IllegalStateException", message);
    return 1;
}

int null_argument(JNIEnv *jni, jobject value, const char *name) {
    if (value != NULL) {
        return 0;
    }
    throw_new(jni, "java/lang/NullPointerException", name);
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

static jvmtiEnv *new_env(JNIEnv *jni) {
    jvmtiEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JVMTI_VERSION_1_2) != JNI_OK) {
        throw_new(jni, "java/lang/IllegalStateException", "this JVM gives no JVMTI environment to a library");
        return NULL;
    }
    return env;
}

void dispose_env(jvmtiEnv *env) {
    if (env != NULL) {
        (*env)->DisposeEnvironment(env);
    }
}

jvmtiEnv *query_env(JNIEnv *jni) {
    if (queries != NULL) {
        return queries;
    }
    jvmtiEnv *env = new_env(jni);
    if (env == NULL) {
        return NULL;
    }
    /*
     * Ask only for what this JVM offers live, so one list serves JDK 17 (no virtual threads)
     * and 21+. Missing ones surface later as MUST_POSSESS_CAPABILITY from the call needing them.
     */
    jvmtiCapabilities potential, wanted;
    memset(&wanted, 0, sizeof wanted);
    if (failed(jni, env, (*env)->GetPotentialCapabilities(env, &potential), "asking for the live capabilities")) {
        dispose_env(env);
        return NULL;
    }
    wanted.can_get_bytecodes = potential.can_get_bytecodes;
    wanted.can_get_constant_pool = potential.can_get_constant_pool;
    wanted.can_get_line_numbers = potential.can_get_line_numbers;
    wanted.can_get_source_file_name = potential.can_get_source_file_name;
    wanted.can_get_monitor_info = potential.can_get_monitor_info;
    wanted.can_support_virtual_threads = potential.can_support_virtual_threads;
    if (failed(jni, env, (*env)->AddCapabilities(env, &wanted), "adding the query capabilities")) {
        dispose_env(env);
        return NULL;
    }
    queries = env;
    return env;
}

jvmtiEnv *tagging_env(JNIEnv *jni) {
    jvmtiEnv *env = new_env(jni);
    if (env == NULL) {
        return NULL;
    }
    jvmtiCapabilities wanted;
    memset(&wanted, 0, sizeof wanted);
    wanted.can_tag_objects = 1;
    if (failed(jni, env, (*env)->AddCapabilities(env, &wanted), "adding can_tag_objects")) {
        dispose_env(env);
        return NULL;
    }
    return env;
}

/* The line of the entry with the greatest start location at or before location; -1 when unknown. */
static jint line_at(jvmtiEnv *env, jmethodID method, jlocation location) {
    jint count = 0;
    jvmtiLineNumberEntry *table = NULL;
    if (location < 0 || (*env)->GetLineNumberTable(env, method, &count, &table) != JVMTI_ERROR_NONE) {
        return -1;
    }
    jint line = -1;
    jlocation best = -1;
    for (jint i = 0; i < count; i++) {
        if (table[i].start_location <= location && table[i].start_location > best) {
            best = table[i].start_location;
            line = table[i].line_number;
        }
    }
    deallocate(env, table);
    return line;
}

/* Fills frame i of the five parallel arrays; returns 0 after throwing. */
static int describe_frame(JNIEnv *jni, jvmtiEnv *env, const jvmtiFrameInfo *frame, jint i,
                          jobjectArray classes, jobjectArray names, jobjectArray signatures) {
    jclass declaring = NULL;
    char *name = NULL, *signature = NULL;
    if (failed(jni, env, (*env)->GetMethodDeclaringClass(env, frame->method, &declaring), "getting a frame's class")
        || failed(jni, env, (*env)->GetMethodName(env, frame->method, &name, &signature, NULL), "getting a frame's method")) {
        return 0;
    }
    (*jni)->SetObjectArrayElement(jni, classes, i, declaring);
    (*jni)->DeleteLocalRef(jni, declaring);
    jstring text = (*jni)->NewStringUTF(jni, name);
    (*jni)->SetObjectArrayElement(jni, names, i, text);
    (*jni)->DeleteLocalRef(jni, text);
    text = (*jni)->NewStringUTF(jni, signature);
    (*jni)->SetObjectArrayElement(jni, signatures, i, text);
    (*jni)->DeleteLocalRef(jni, text);
    deallocate(env, name);
    deallocate(env, signature);
    return !(*jni)->ExceptionCheck(jni);
}

jobjectArray new_array(JNIEnv *jni, const char *element_class, jsize length) {
    jclass type = (*jni)->FindClass(jni, element_class);
    if (type == NULL) {
        return NULL;
    }
    jobjectArray array = (*jni)->NewObjectArray(jni, length, type, NULL);
    (*jni)->DeleteLocalRef(jni, type);
    return array;
}

jvmtiFrameInfo *stack_frames(JNIEnv *jni, jvmtiEnv *env, jthread thread, jint max_depth, jint *depth) {
    jint count;
    if (failed(jni, env, (*env)->GetFrameCount(env, thread, &count), "counting a thread's frames")) {
        return NULL;
    }
    jint capacity = max_depth < count + FRAME_SLACK ? max_depth : count + FRAME_SLACK;
    jvmtiFrameInfo *frames = malloc(sizeof *frames * (capacity > 0 ? capacity : 1));
    if (frames == NULL) {
        throw_new(jni, "java/lang/OutOfMemoryError", "frames of a stack trace");
        return NULL;
    }
    if (failed(jni, env, (*env)->GetStackTrace(env, thread, 0, capacity, frames, depth), "getting a stack trace")) {
        free(frames);
        return NULL;
    }
    return frames;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_stackTrace(JNIEnv *jni, jclass self, jthread thread, jint max_depth) {
    if (null_argument(jni, thread, "thread")) {
        return NULL;
    }
    if (max_depth < 0) {
        throw_new(jni, "java/lang/IllegalArgumentException", "maxDepth < 0");
        return NULL;
    }
    jvmtiEnv *env = query_env(jni);
    jint depth = 0;
    jvmtiFrameInfo *frames = env == NULL ? NULL : stack_frames(jni, env, thread, max_depth, &depth);
    if (frames == NULL) {
        return NULL;
    }
    jobjectArray result = NULL;
    jobjectArray classes = new_array(jni, "java/lang/Class", depth);
    jobjectArray names = classes == NULL ? NULL : new_array(jni, "java/lang/String", depth);
    jobjectArray signatures = names == NULL ? NULL : new_array(jni, "java/lang/String", depth);
    jintArray lines = signatures == NULL ? NULL : (*jni)->NewIntArray(jni, depth);
    jlongArray locations = lines == NULL ? NULL : (*jni)->NewLongArray(jni, depth);
    if (locations == NULL) {
        goto done;
    }
    for (jint i = 0; i < depth; i++) {
        if (!describe_frame(jni, env, &frames[i], i, classes, names, signatures)) {
            goto done;
        }
        jint line = line_at(env, frames[i].method, frames[i].location);
        jlong location = frames[i].location;
        (*jni)->SetIntArrayRegion(jni, lines, i, 1, &line);
        (*jni)->SetLongArrayRegion(jni, locations, i, 1, &location);
    }
    result = new_array(jni, "java/lang/Object", 5);
    if (result != NULL) {
        (*jni)->SetObjectArrayElement(jni, result, 0, classes);
        (*jni)->SetObjectArrayElement(jni, result, 1, names);
        (*jni)->SetObjectArrayElement(jni, result, 2, signatures);
        (*jni)->SetObjectArrayElement(jni, result, 3, lines);
        (*jni)->SetObjectArrayElement(jni, result, 4, locations);
    }
done:
    free(frames);
    return result;
}

/* The method behind a Method or Constructor; null after throwing. */
static jmethodID method_of(JNIEnv *jni, jobject executable) {
    if (null_argument(jni, executable, "method")) {
        return NULL;
    }
    return (*jni)->FromReflectedMethod(jni, executable);
}

JNIEXPORT jbyteArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_bytecodes(JNIEnv *jni, jclass self, jobject executable) {
    jmethodID method = method_of(jni, executable);
    jvmtiEnv *env = method == NULL ? NULL : query_env(jni);
    jint modifiers;
    if (env == NULL || failed(jni, env, (*env)->GetMethodModifiers(env, method, &modifiers), "getting a method's modifiers")) {
        return NULL;
    }
    if (modifiers & (ACC_NATIVE | ACC_ABSTRACT)) {
        return NULL;
    }
    jint length;
    unsigned char *code = NULL;
    if (failed(jni, env, (*env)->GetBytecodes(env, method, &length, &code), "getting a method's bytecodes")) {
        return NULL;
    }
    jbyteArray result = (*jni)->NewByteArray(jni, length);
    if (result != NULL) {
        (*jni)->SetByteArrayRegion(jni, result, 0, length, (const jbyte *)code);
    }
    deallocate(env, code);
    return result;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_constantPool(JNIEnv *jni, jclass self, jclass type) {
    jvmtiEnv *env = null_argument(jni, type, "type") ? NULL : query_env(jni);
    if (env == NULL) {
        return NULL;
    }
    jint count, length;
    unsigned char *bytes = NULL;
    jvmtiError err = (*env)->GetConstantPool(env, type, &count, &length, &bytes);
    /* arrays and primitive types have no constant pool */
    if (err == JVMTI_ERROR_ABSENT_INFORMATION || failed(jni, env, err, "getting a constant pool")) {
        return NULL;
    }
    jobjectArray result = NULL;
    jbyteArray array = (*jni)->NewByteArray(jni, length);
    jclass integer = array == NULL ? NULL : (*jni)->FindClass(jni, "java/lang/Integer");
    jmethodID value_of = integer == NULL ? NULL
        : (*jni)->GetStaticMethodID(jni, integer, "valueOf", "(I)Ljava/lang/Integer;");
    jobject boxed = value_of == NULL ? NULL : (*jni)->CallStaticObjectMethod(jni, integer, value_of, count);
    if (boxed != NULL) {
        (*jni)->SetByteArrayRegion(jni, array, 0, length, (const jbyte *)bytes);
        result = new_array(jni, "java/lang/Object", 2);
    }
    if (result != NULL) {
        (*jni)->SetObjectArrayElement(jni, result, 0, boxed);
        (*jni)->SetObjectArrayElement(jni, result, 1, array);
    }
    deallocate(env, bytes);
    return result;
}

JNIEXPORT jintArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_lineNumberTable(JNIEnv *jni, jclass self, jobject executable) {
    jmethodID method = method_of(jni, executable);
    jvmtiEnv *env = method == NULL ? NULL : query_env(jni);
    if (env == NULL) {
        return NULL;
    }
    jint count = 0;
    jvmtiLineNumberEntry *table = NULL;
    jvmtiError err = (*env)->GetLineNumberTable(env, method, &count, &table);
    if (err == JVMTI_ERROR_ABSENT_INFORMATION || err == JVMTI_ERROR_NATIVE_METHOD) {
        return (*jni)->NewIntArray(jni, 0);
    }
    if (failed(jni, env, err, "getting a line number table")) {
        return NULL;
    }
    jintArray result = (*jni)->NewIntArray(jni, count * 2);
    for (jint i = 0; result != NULL && i < count; i++) {
        jint pair[2] = { (jint)table[i].start_location, table[i].line_number };
        (*jni)->SetIntArrayRegion(jni, result, i * 2, 2, pair);
    }
    deallocate(env, table);
    return result;
}

JNIEXPORT jstring JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_sourceFileName(JNIEnv *jni, jclass self, jclass type) {
    jvmtiEnv *env = null_argument(jni, type, "type") ? NULL : query_env(jni);
    if (env == NULL) {
        return NULL;
    }
    char *name = NULL;
    jvmtiError err = (*env)->GetSourceFileName(env, type, &name);
    if (err == JVMTI_ERROR_ABSENT_INFORMATION || failed(jni, env, err, "getting a source file name")) {
        return NULL;
    }
    jstring result = (*jni)->NewStringUTF(jni, name);
    deallocate(env, name);
    return result;
}

JNIEXPORT jboolean JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_isInitialized(JNIEnv *jni, jclass self, jclass type) {
    jvmtiEnv *env = null_argument(jni, type, "type") ? NULL : query_env(jni);
    jint status;
    if (env == NULL || failed(jni, env, (*env)->GetClassStatus(env, type, &status), "getting a class status")) {
        return JNI_FALSE;
    }
    /* arrays and primitive types have no initializer that reading them could run */
    return (status & (JVMTI_CLASS_STATUS_INITIALIZED | JVMTI_CLASS_STATUS_ARRAY | JVMTI_CLASS_STATUS_PRIMITIVE)) != 0;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_allThreads(JNIEnv *jni, jclass self) {
    jvmtiEnv *env = query_env(jni);
    jint count;
    jthread *threads = NULL;
    if (env == NULL || failed(jni, env, (*env)->GetAllThreads(env, &count, &threads), "listing the threads")) {
        return NULL;
    }
    jobjectArray result = new_array(jni, "java/lang/Thread", count);
    for (jint i = 0; i < count; i++) {
        if (result != NULL) {
            (*jni)->SetObjectArrayElement(jni, result, i, threads[i]);
        }
        (*jni)->DeleteLocalRef(jni, threads[i]);
    }
    deallocate(env, threads);
    return result;
}
