package org.opensafeguarding.workflow.casefile;

import java.util.Objects;
import java.util.UUID;

/** Identity of one received referral; several referrals can belong to one case. */
public record ReferralId(UUID value) {

    public ReferralId {
        Objects.requireNonNull(value, "referral id");
    }

    public static ReferralId newId() {
        return new ReferralId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
