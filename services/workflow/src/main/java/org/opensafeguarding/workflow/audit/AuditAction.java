package org.opensafeguarding.workflow.audit;

public enum AuditAction {
    CREATE,
    READ,
    UPDATE,
    /** A repeated delivery that changed nothing but told the caller which case it belongs to. */
    REPLAY,
    /** A request the caller was not allowed to make (not a candidate for the task, ...); nothing was shown or changed. */
    DENIED
}
