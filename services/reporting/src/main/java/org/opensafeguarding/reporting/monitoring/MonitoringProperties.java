package org.opensafeguarding.reporting.monitoring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Figures and thresholds of docs/operations.md, "Metrics and health".
 *
 * @param refresh     how often the gauges' database figures are recounted; a scrape reads the last count
 * @param parkedWindow health {@code parkedEvents} is DEGRADED while a record was parked within this long (each needs
 *                     an operator's look; it then ages out, as parked records are kept, not acknowledged)
 */
@ConfigurationProperties("reporting.monitoring")
public record MonitoringProperties(@DefaultValue("PT15S") Duration refresh, @DefaultValue("P1D") Duration parkedWindow) {
}
