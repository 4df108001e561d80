package org.opensafeguarding.engine.state;

/**
 * A user task's state, stored by name: CREATED (open, nothing in progress), COMPLETED, CANCELED, or the transition
 * its task listeners are running for, named as the listeners' event type (CREATING, ASSIGNING, ...).
 */
public enum UserTaskState {
    CREATING,
    CREATED,
    ASSIGNING,
    UPDATING,
    COMPLETING,
    COMPLETED,
    CANCELING,
    CANCELED
}
