/*
 * The monitors a thread owns or waits for, found among what its frames hold (monitors.c), for
 * the walk of the threads' frames (stack_refs.c).
 */
#ifndef ASYNCINSPECT_MONITORS_H
#define ASYNCINSPECT_MONITORS_H

#include "asyncinspect.h"

/*
 * Of held[0..count) (the objects the thread's frames hold, nulls skipped) and the classes of its
 * static synchronized frames: the monitors the thread owns, and the one it is blocked entering
 * or waits on in Object.wait (null when none). A virtual thread, and a thread that is not alive,
 * gets none.
 */
error thread_monitors(JNIEnv *jni, jthread thread, jobjectArray held, jint count,
                      jobjectArray *owned, jobject *contended);

#endif
