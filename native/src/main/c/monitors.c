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
#include <stdint.h>
#include <stdlib.h>
#include "monitors.h"

#define ACC_STATIC 0x0008
#define ACC_SYNCHRONIZED 0x0020

enum monitor_relation { UNRELATED, OWNS, WAITS };

static int any_is(JNIEnv *jni, jthread *threads, jint count, jthread thread) {
    int found = 0;
    for (jint i = 0; i < count; i++) {
        found |= (*jni)->IsSameObject(jni, threads[i], thread);
        (*jni)->DeleteLocalRef(jni, threads[i]);
    }
    return found;
}

/* How thread relates to object's monitor. */
static error monitor_relation(JNIEnv *jni, jvmtiEnv *env, jobject object, jthread thread, enum monitor_relation *relation) {
    jvmtiMonitorUsage usage;
    error err = check((*env)->GetObjectMonitorUsage(env, object, &usage), "getting a monitor's usage");
    if (is_error(err)) {
        return err;
    }
    err = made_local_refs(jni, 1 + usage.waiter_count + usage.notify_waiter_count);
    int owns = !is_error(err) && usage.owner != NULL && (*jni)->IsSameObject(jni, usage.owner, thread);
    (*jni)->DeleteLocalRef(jni, usage.owner);
    /* both lists: JDK 17 puts threads in Object.wait among waiters too, later JDKs do not */
    int waits = !is_error(err) && any_is(jni, usage.waiters, usage.waiter_count, thread);
    waits |= !is_error(err) && any_is(jni, usage.notify_waiters, usage.notify_waiter_count, thread);
    deallocate(env, usage.waiters);
    deallocate(env, usage.notify_waiters);
    *relation = owns ? OWNS : waits ? WAITS : UNRELATED;
    return err;
}

struct found {
    jthread thread;
    int contends;           /* blocked entering a monitor or in Object.wait, as GetCurrentContendedMonitor asks */
    jobjectArray owned;     /* owned[0..owned_count), room for every candidate */
    jint owned_count;
    jobject contended;
};

static error consider(JNIEnv *jni, jvmtiEnv *env, jobject candidate, struct found *found) {
    enum monitor_relation relation;
    error err = monitor_relation(jni, env, candidate, found->thread, &relation);
    if (!is_error(err) && relation == OWNS) {
        (*jni)->SetObjectArrayElement(jni, found->owned, found->owned_count++, candidate);
    } else if (!is_error(err) && relation == WAITS && found->contends && found->contended == NULL) {
        found->contended = (*jni)->NewLocalRef(jni, candidate);
    }
    return err;
}

static error consider_held(JNIEnv *jni, jvmtiEnv *env, jobjectArray held, jint count, struct found *found) {
    error err = OK;
    for (jint i = 0; i < count && !is_error(err); i++) {
        jobject object = (*jni)->GetObjectArrayElement(jni, held, i);
        if (object != NULL) {
            err = consider(jni, env, object, found);
        }
        (*jni)->DeleteLocalRef(jni, object);
    }
    return err;
}

static error consider_static_synchronized(JNIEnv *jni, jvmtiEnv *env, const jvmtiFrameInfo *frames, jint depth,
                                          struct found *found) {
    error err = OK;
    for (jint i = 0; i < depth && !is_error(err); i++) {
        jint modifiers = 0;
        jclass declaring = NULL;
        (*env)->GetMethodModifiers(env, frames[i].method, &modifiers);
        if ((modifiers & (ACC_STATIC | ACC_SYNCHRONIZED)) == (ACC_STATIC | ACC_SYNCHRONIZED)
            && (*env)->GetMethodDeclaringClass(env, frames[i].method, &declaring) == JVMTI_ERROR_NONE) {
            err = consider(jni, env, declaring, found);
            (*jni)->DeleteLocalRef(jni, declaring);
        }
    }
    return err;
}

static error monitors(JNIEnv *jni, jvmtiEnv *env, jthread thread, jint state, jobjectArray held, jint count,
                      const jvmtiFrameInfo *frames, jint depth, jobjectArray *owned, jobject *contended) {
    struct found found = { thread, (state & (JVMTI_THREAD_STATE_BLOCKED_ON_MONITOR_ENTER | JVMTI_THREAD_STATE_IN_OBJECT_WAIT)) != 0,
                           NULL, 0, NULL };
    error err = new_array(jni, "java/lang/Object", count + depth, &found.owned);
    if (!is_error(err)) {
        err = consider_held(jni, env, held, count, &found);
    }
    if (!is_error(err)) {
        err = consider_static_synchronized(jni, env, frames, depth, &found);
    }
    if (!is_error(err)) {
        err = new_array(jni, "java/lang/Object", found.owned_count, owned);
    }
    for (jint i = 0; i < found.owned_count && !is_error(err); i++) {
        jobject object = (*jni)->GetObjectArrayElement(jni, found.owned, i);
        (*jni)->SetObjectArrayElement(jni, *owned, i, object);
        (*jni)->DeleteLocalRef(jni, object);
    }
    (*jni)->DeleteLocalRef(jni, found.owned);
    *contended = found.contended;
    return err;
}

/* Owns none, contends for none. */
static error none(JNIEnv *jni, jobjectArray *owned) {
    return new_array(jni, "java/lang/Object", 0, owned);
}

error thread_monitors(JNIEnv *jni, jthread thread, jobjectArray held, jint count,
                      jobjectArray *owned, jobject *contended) {
    *contended = NULL;
    if (is_virtual(jni, thread)) {
        return none(jni, owned);
    }
    jvmtiEnv *env = NULL;
    jint state = 0;
    error err = query_env(&env);
    if (!is_error(err)) {
        err = check((*env)->GetThreadState(env, thread, &state), "getting a thread's state");
    }
    if (is_error(err) || !(state & JVMTI_THREAD_STATE_ALIVE)) {
        return is_error(err) ? err : none(jni, owned);
    }
    jvmtiFrameInfo *frames = NULL;
    jint depth = 0;
    err = stack_frames(env, thread, INT32_MAX, &frames, &depth);
    if (err.code == JVMTI_ERROR_THREAD_NOT_ALIVE) {
        return none(jni, owned);    /* it ended since */
    }
    if (is_error(err)) {
        return err;
    }
    err = monitors(jni, env, thread, state, held, count, frames, depth, owned, contended);
    free(frames);
    return err;
}
