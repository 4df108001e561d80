package org.opensafeguarding.workflow.intake;

import java.util.UUID;

/**
 * A rejected Kafka record whose bytes are safely in {@code referral_quarantine}: only now may the dead-letter
 * topic get its reference, and the offset be committed. Not retried, like any rejection.
 */
public class QuarantinedReferralException extends ReferralRejectedException {

    private final UUID quarantineId;

    public QuarantinedReferralException(ReferralRejectedException rejection, UUID quarantineId) {
        super(rejection.reason(), rejection.field(), rejection.rule(), rejection.getMessage(), rejection.eventId());
        this.quarantineId = quarantineId;
        initCause(rejection);
    }

    public UUID quarantineId() {
        return quarantineId;
    }
}
