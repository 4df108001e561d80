package org.opensafeguarding.workflow.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** @param breakGlassDuration how long a break-glass grant lets its holder see inside a restricted case */
@ConfigurationProperties("safeguarding.access")
public record AccessProperties(@DefaultValue("PT8H") Duration breakGlassDuration) {
}
