package org.opensafeguarding.workflow.intake;

/** How a referral arrived. */
public enum Channel {
    KAFKA,
    REST
}
