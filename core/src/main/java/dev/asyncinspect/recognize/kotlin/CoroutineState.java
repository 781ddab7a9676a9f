package dev.asyncinspect.recognize.kotlin;

import dev.asyncinspect.model.TaskState;

/** A coroutine's state as shown: its Job's lifecycle state, an active one told apart by what its chain shows. */
enum CoroutineState {
    CREATED("created", TaskState.Phase.NEW),
    /** Active with no state machine to say more: dispatched and queued, or only its Job left. */
    ACTIVE("active", TaskState.Phase.RUNNING),
    RUNNING("running", TaskState.Phase.RUNNING),
    SUSPENDED("suspended", TaskState.Phase.WAITING),
    /** Its body is done; it waits for its children. */
    COMPLETING("completing", TaskState.Phase.WAITING),
    CANCELLING("cancelling", TaskState.Phase.WAITING),
    CANCELLED("cancelled", TaskState.Phase.DONE),
    COMPLETED("completed", TaskState.Phase.DONE);

    private final TaskState shown;

    CoroutineState(String label, TaskState.Phase phase) {
        this.shown = new TaskState(phase, label);
    }

    TaskState shown() {
        return shown;
    }
}
