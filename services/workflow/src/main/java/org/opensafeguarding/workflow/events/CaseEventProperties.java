package org.opensafeguarding.workflow.events;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param source the CloudEvents {@code source} of every case event this deployment writes */
@ConfigurationProperties("safeguarding.case-events")
public record CaseEventProperties(String source) {

    public CaseEventProperties {
        source = source == null || source.isBlank() ? "urn:opensafeguarding:workflow" : source;
    }
}
