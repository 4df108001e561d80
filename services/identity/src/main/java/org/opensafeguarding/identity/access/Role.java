package org.opensafeguarding.identity.access;

import java.util.Optional;

/**
 * The roles of docs/security.md. A token names roles by these codes (after the configured role mapping); a
 * value that is none of them grants nothing, so a typo in an identity provider's app roles fails closed.
 */
public enum Role {
    LADO_OFFICER,
    LADO_MANAGER,
    CDOP_COORDINATOR,
    CDOP_PANEL_MEMBER,
    REVIEW_OFFICER,
    REVIEW_PANEL_MEMBER,
    PARTNERSHIP_MANAGER,
    AUDITOR,
    INTEGRATION,
    ENGINE_OPERATOR,
    WORKFLOW_SERVICE,
    /** A metrics scraper (Prometheus, by client credentials): the management port's metrics and nothing else. */
    MONITORING;

    public static Optional<Role> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(code.trim()));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
