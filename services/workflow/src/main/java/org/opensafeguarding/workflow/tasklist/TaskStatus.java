package org.opensafeguarding.workflow.tasklist;

/** A mirrored task's state (case_task.status). */
public enum TaskStatus {
    /** Waiting in the engine. */
    OPEN,
    /** A completion is stored here and being handed to the engine. */
    COMPLETING,
    COMPLETED,
    /** Ended by the engine without a completion: interrupting event, instance canceled or purged. */
    CANCELED
}
