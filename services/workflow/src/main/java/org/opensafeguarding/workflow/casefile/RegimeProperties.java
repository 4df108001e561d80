package org.opensafeguarding.workflow.casefile;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.LocalDate;
import java.util.Map;

/**
 * @param defaultTransitionDate the date safeguarding-partner arrangements replaced the LSCB, where a tenant has
 *                              not configured its own; 29 Sep 2019 is the statutory latest date (DOMAIN §0, §6)
 * @param transitionDates       per tenant, the date its local arrangements began
 */
@ConfigurationProperties("safeguarding.regime")
public record RegimeProperties(LocalDate defaultTransitionDate, Map<String, LocalDate> transitionDates) {

    public RegimeProperties {
        defaultTransitionDate = defaultTransitionDate == null ? LocalDate.of(2019, 9, 29) : defaultTransitionDate;
        transitionDates = transitionDates == null ? Map.of() : Map.copyOf(transitionDates);
    }

    public LocalDate transitionDate(String tenant) {
        return transitionDates.getOrDefault(tenant, defaultTransitionDate);
    }
}
