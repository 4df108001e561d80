package org.opensafeguarding.workflow.audit;

public enum AuditAction {
    CREATE,
    READ,
    UPDATE,
    /** A repeated delivery that changed nothing but told the caller which case it belongs to. */
    REPLAY,
    /** A request the caller was not allowed to make (not a candidate for the task, ...); nothing was shown or changed. */
    DENIED,
    /** A request refused as invalid or out of place (bad body, unknown case, closed case, conflicting repeat); nothing was changed. */
    REFUSED
}
