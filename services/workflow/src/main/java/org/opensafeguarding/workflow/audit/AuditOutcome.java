package org.opensafeguarding.workflow.audit;

/** How the audited request ended; audit_log.outcome. */
public enum AuditOutcome {
    /** Done as asked: shown, created, changed, or a repeat that changed nothing. */
    OK,
    /** Not allowed for this caller (roles, tenant, candidate group, restricted case); nothing was shown or changed. */
    DENIED,
    /** Refused as invalid or out of place (bad body, unknown or closed case, conflicting repeat); nothing changed. */
    REFUSED;

    /** The outcome an action implies when the caller names none. */
    public static AuditOutcome of(AuditAction action) {
        return switch (action) {
            case DENIED -> DENIED;
            case REFUSED -> REFUSED;
            default -> OK;
        };
    }
}
