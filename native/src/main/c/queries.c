/*
 * The queries that need no heap walk: stack traces, bytecodes, constant pools, line numbers,
 * source files, class status and threads.
 */
#include <stdlib.h>
#include "asyncinspect.h"

/* From the class file format: GetMethodModifiers returns these access flags. */
#define ACC_NATIVE 0x0100
#define ACC_ABSTRACT 0x0400

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

static error set_string(JNIEnv *jni, jobjectArray array, jint i, const char *utf) {
    jstring text = (*jni)->NewStringUTF(jni, utf);
    if (text == NULL) {
        return out_of_memory("a string");
    }
    (*jni)->SetObjectArrayElement(jni, array, i, text);
    (*jni)->DeleteLocalRef(jni, text);
    return OK;
}

/* Fills frame i of the three object arrays of a stack trace. */
static error describe_frame(JNIEnv *jni, jvmtiEnv *env, const jvmtiFrameInfo *frame, jint i,
                            jobjectArray classes, jobjectArray names, jobjectArray signatures) {
    jclass declaring = NULL;
    char *name = NULL, *signature = NULL;
    error err = check((*env)->GetMethodDeclaringClass(env, frame->method, &declaring), "getting a frame's class");
    if (!is_error(err)) {
        (*jni)->SetObjectArrayElement(jni, classes, i, declaring);
        (*jni)->DeleteLocalRef(jni, declaring);
        err = check((*env)->GetMethodName(env, frame->method, &name, &signature, NULL), "getting a frame's method");
    }
    if (!is_error(err)) {
        err = set_string(jni, names, i, name);
    }
    if (!is_error(err)) {
        err = set_string(jni, signatures, i, signature);
    }
    deallocate(env, name);
    deallocate(env, signature);
    return err;
}

/* { Class<?>[] declaringClasses, String[] methodNames, String[] methodSignatures, int[] lineNumbers, long[] bytecodeIndexes } */
static error stack_trace(JNIEnv *jni, jthread thread, jint max_depth, jobjectArray *result) {
    if (thread == NULL) {
        return null_argument("thread");
    }
    if (max_depth < 0) {
        return illegal_argument("maxDepth < 0");
    }
    jvmtiEnv *env = NULL;
    jvmtiFrameInfo *frames = NULL;
    jint depth = 0;
    error err = query_env(&env);
    if (!is_error(err)) {
        err = stack_frames(env, thread, max_depth, &frames, &depth);
    }
    if (is_error(err)) {
        return err;
    }
    jobjectArray classes = NULL, names = NULL, signatures = NULL;
    jintArray lines = NULL;
    jlongArray locations = NULL;
    err = new_array(jni, "java/lang/Class", depth, &classes);
    if (!is_error(err)) {
        err = new_array(jni, "java/lang/String", depth, &names);
    }
    if (!is_error(err)) {
        err = new_array(jni, "java/lang/String", depth, &signatures);
    }
    if (!is_error(err) && ((lines = (*jni)->NewIntArray(jni, depth)) == NULL
                           || (locations = (*jni)->NewLongArray(jni, depth)) == NULL)) {
        err = out_of_memory("a stack trace");
    }
    for (jint i = 0; i < depth && !is_error(err); i++) {
        err = describe_frame(jni, env, &frames[i], i, classes, names, signatures);
        if (!is_error(err)) {
            jint line = line_at(env, frames[i].method, frames[i].location);
            jlong location = frames[i].location;
            (*jni)->SetIntArrayRegion(jni, lines, i, 1, &line);
            (*jni)->SetLongArrayRegion(jni, locations, i, 1, &location);
        }
    }
    free(frames);
    if (!is_error(err)) {
        err = new_array(jni, "java/lang/Object", 5, result);
    }
    if (!is_error(err)) {
        (*jni)->SetObjectArrayElement(jni, *result, 0, classes);
        (*jni)->SetObjectArrayElement(jni, *result, 1, names);
        (*jni)->SetObjectArrayElement(jni, *result, 2, signatures);
        (*jni)->SetObjectArrayElement(jni, *result, 3, lines);
        (*jni)->SetObjectArrayElement(jni, *result, 4, locations);
    }
    return err;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_stackTrace(JNIEnv *jni, jclass self, jthread thread, jint max_depth) {
    jobjectArray result = NULL;
    return throw_error(jni, stack_trace(jni, thread, max_depth, &result)) ? NULL : result;
}

/* The method behind a Method or Constructor, and the query environment. */
static error method_of(JNIEnv *jni, jobject executable, jmethodID *method, jvmtiEnv **env) {
    if (executable == NULL) {
        return null_argument("method");
    }
    *method = (*jni)->FromReflectedMethod(jni, executable);
    return query_env(env);
}

/* Null when the method is abstract or native. */
static error bytecodes(JNIEnv *jni, jobject executable, jbyteArray *result) {
    jmethodID method = NULL;
    jvmtiEnv *env = NULL;
    jint modifiers = 0;
    error err = method_of(jni, executable, &method, &env);
    if (!is_error(err)) {
        err = check((*env)->GetMethodModifiers(env, method, &modifiers), "getting a method's modifiers");
    }
    if (is_error(err) || (modifiers & (ACC_NATIVE | ACC_ABSTRACT))) {
        return err;
    }
    jint length;
    unsigned char *code = NULL;
    err = check((*env)->GetBytecodes(env, method, &length, &code), "getting a method's bytecodes");
    if (is_error(err)) {
        return err;
    }
    *result = (*jni)->NewByteArray(jni, length);
    if (*result == NULL) {
        err = out_of_memory("bytecodes");
    } else {
        (*jni)->SetByteArrayRegion(jni, *result, 0, length, (const jbyte *)code);
    }
    deallocate(env, code);
    return err;
}

JNIEXPORT jbyteArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_bytecodes(JNIEnv *jni, jclass self, jobject executable) {
    jbyteArray result = NULL;
    return throw_error(jni, bytecodes(jni, executable, &result)) ? NULL : result;
}

/* { Integer count, byte[] bytes }; null for arrays and primitive types, which have no constant pool. */
static error constant_pool(JNIEnv *jni, jclass type, jobjectArray *result) {
    jvmtiEnv *env = NULL;
    error err = type == NULL ? null_argument("type") : query_env(&env);
    if (is_error(err)) {
        return err;
    }
    jint count, length;
    unsigned char *bytes = NULL;
    jvmtiError code = (*env)->GetConstantPool(env, type, &count, &length, &bytes);
    if (code == JVMTI_ERROR_ABSENT_INFORMATION) {
        return OK;
    }
    err = check(code, "getting a constant pool");
    if (is_error(err)) {
        return err;
    }
    jbyteArray array = (*jni)->NewByteArray(jni, length);
    jclass integer = array == NULL ? NULL : (*jni)->FindClass(jni, "java/lang/Integer");
    jmethodID value_of = integer == NULL ? NULL
        : (*jni)->GetStaticMethodID(jni, integer, "valueOf", "(I)Ljava/lang/Integer;");
    jobject boxed = value_of == NULL ? NULL : (*jni)->CallStaticObjectMethod(jni, integer, value_of, count);
    if ((*jni)->ExceptionCheck(jni) || boxed == NULL) {
        err = out_of_memory("a constant pool");
    }
    if (!is_error(err)) {
        (*jni)->SetByteArrayRegion(jni, array, 0, length, (const jbyte *)bytes);
        err = new_array(jni, "java/lang/Object", 2, result);
    }
    if (!is_error(err)) {
        (*jni)->SetObjectArrayElement(jni, *result, 0, boxed);
        (*jni)->SetObjectArrayElement(jni, *result, 1, array);
    }
    deallocate(env, bytes);
    return err;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_constantPool(JNIEnv *jni, jclass self, jclass type) {
    jobjectArray result = NULL;
    return throw_error(jni, constant_pool(jni, type, &result)) ? NULL : result;
}

/* Pairs of (start location, line), flattened; empty when the method has none. */
static error line_number_table(JNIEnv *jni, jobject executable, jintArray *result) {
    jmethodID method = NULL;
    jvmtiEnv *env = NULL;
    error err = method_of(jni, executable, &method, &env);
    if (is_error(err)) {
        return err;
    }
    jint count = 0;
    jvmtiLineNumberEntry *table = NULL;
    jvmtiError code = (*env)->GetLineNumberTable(env, method, &count, &table);
    if (code == JVMTI_ERROR_ABSENT_INFORMATION || code == JVMTI_ERROR_NATIVE_METHOD) {
        count = 0;
    } else if (is_error(err = check(code, "getting a line number table"))) {
        return err;
    }
    *result = (*jni)->NewIntArray(jni, count * 2);
    if (*result == NULL) {
        err = out_of_memory("a line number table");
    }
    for (jint i = 0; i < count && !is_error(err); i++) {
        jint pair[2] = { (jint)table[i].start_location, table[i].line_number };
        (*jni)->SetIntArrayRegion(jni, *result, i * 2, 2, pair);
    }
    deallocate(env, table);
    return err;
}

JNIEXPORT jintArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_lineNumberTable(JNIEnv *jni, jclass self, jobject executable) {
    jintArray result = NULL;
    return throw_error(jni, line_number_table(jni, executable, &result)) ? NULL : result;
}

/* Null when the class has no SourceFile attribute. */
static error source_file_name(JNIEnv *jni, jclass type, jstring *result) {
    jvmtiEnv *env = NULL;
    error err = type == NULL ? null_argument("type") : query_env(&env);
    if (is_error(err)) {
        return err;
    }
    char *name = NULL;
    jvmtiError code = (*env)->GetSourceFileName(env, type, &name);
    if (code == JVMTI_ERROR_ABSENT_INFORMATION || is_error(err = check(code, "getting a source file name"))) {
        return err;
    }
    *result = (*jni)->NewStringUTF(jni, name);
    deallocate(env, name);
    return *result == NULL ? out_of_memory("a source file name") : OK;
}

JNIEXPORT jstring JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_sourceFileName(JNIEnv *jni, jclass self, jclass type) {
    jstring result = NULL;
    return throw_error(jni, source_file_name(jni, type, &result)) ? NULL : result;
}

static error is_initialized(jclass type, jboolean *result) {
    jvmtiEnv *env = NULL;
    jint status = 0;
    error err = type == NULL ? null_argument("type") : query_env(&env);
    if (!is_error(err)) {
        err = check((*env)->GetClassStatus(env, type, &status), "getting a class status");
    }
    /* arrays and primitive types have no initializer that reading them could run */
    *result = (status & (JVMTI_CLASS_STATUS_INITIALIZED | JVMTI_CLASS_STATUS_ARRAY | JVMTI_CLASS_STATUS_PRIMITIVE)) != 0;
    return err;
}

JNIEXPORT jboolean JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_isInitialized(JNIEnv *jni, jclass self, jclass type) {
    jboolean result = JNI_FALSE;
    return throw_error(jni, is_initialized(type, &result)) ? JNI_FALSE : result;
}

static error all_threads(JNIEnv *jni, jobjectArray *result) {
    jvmtiEnv *env = NULL;
    jint count = 0;
    jthread *threads = NULL;
    error err = query_env(&env);
    if (!is_error(err)) {
        err = check((*env)->GetAllThreads(env, &count, &threads), "listing the threads");
    }
    if (is_error(err)) {
        return err;
    }
    err = made_local_refs(jni, count);
    if (!is_error(err)) {
        err = new_array(jni, "java/lang/Thread", count, result);
    }
    for (jint i = 0; i < count; i++) {
        if (!is_error(err)) {
            (*jni)->SetObjectArrayElement(jni, *result, i, threads[i]);
        }
        (*jni)->DeleteLocalRef(jni, threads[i]);
    }
    deallocate(env, threads);
    return err;
}

JNIEXPORT jobjectArray JNICALL
Java_dev_asyncinspect_agent_jvmti_Jvmti_allThreads(JNIEnv *jni, jclass self) {
    jobjectArray result = NULL;
    return throw_error(jni, all_threads(jni, &result)) ? NULL : result;
}
