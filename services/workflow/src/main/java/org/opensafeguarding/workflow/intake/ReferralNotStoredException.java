package org.opensafeguarding.workflow.intake;

import org.opensafeguarding.workflow.failure.Failure;

/**
 * A valid referral the intake could not store, classified ({@link Failure}): transient (try again) or permanent
 * (storage refused, or our own code failed on it). It replaces the original exception and has no cause on purpose:
 * the database's message and detail quote the refused row, and whatever logs this exception (Spring Kafka's error
 * handler, a servlet container) would print them.
 */
public class ReferralNotStoredException extends RuntimeException {

    private final transient Failure failure;
    private final String eventId;

    public ReferralNotStoredException(Failure failure, String eventId) {
        super("referral not stored: " + failure, null, false, true);
        this.failure = failure;
        this.eventId = eventId != null && ReferralRejectedException.EVENT_ID.matcher(eventId).matches() ? eventId : null;
    }

    public Failure failure() {
        return failure;
    }

    /** The referral's event id when it is a well-formed one, else null. */
    public String eventId() {
        return eventId;
    }

    /** The refusal a permanent failure becomes once retrying is given up: reason, no field, the SQLState as rule. */
    public ReferralRejectedException asRejection() {
        RejectionReason reason = switch (failure.kind()) {
            case STORAGE_REFUSED -> RejectionReason.STORAGE_REFUSED;
            case PROCESSING_FAILED, TRANSIENT -> RejectionReason.PROCESSING_FAILED;
        };
        String message = reason == RejectionReason.STORAGE_REFUSED
                ? "the database refused to store this referral (SQLState " + failure.sqlState() + "); it is kept for "
                        + "an operator and sending it again will not help"
                : "the service failed on this referral (" + failure.exceptionClass() + "); it is kept for an "
                        + "operator and sending it again will not help";
        return new ReferralRejectedException(reason, "", failure.rule(), message, eventId);
    }
}
