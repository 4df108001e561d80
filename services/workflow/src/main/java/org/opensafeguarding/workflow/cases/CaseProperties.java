package org.opensafeguarding.workflow.cases;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param amberWorkingDays an open deadline is AMBER from this many working days before its due date (the same idea
 *                         as reporting's {@code reporting.amber-working-days}, so both pages agree by default)
 * @param engineTimeout    how long the case page waits for the engine (diagram, awaited messages)
 */
@ConfigurationProperties("safeguarding.cases")
public record CaseProperties(@DefaultValue("2") int amberWorkingDays, @DefaultValue("10s") Duration engineTimeout) {

    public CaseProperties {
        if (amberWorkingDays < 0) {
            throw new IllegalArgumentException("safeguarding.cases.amber-working-days must be 0 or more");
        }
    }
}
