package org.opensafeguarding.reporting.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long the consumer's inbox keeps an event id (docs/operations.md, "Retention").
 *
 * @param inbox     ids older than this are deleted; keep it longer than any redelivery can come late (the topic's
 *                  retention, a consumer group reset): a redelivery after it is no longer a silent duplicate but
 *                  parked as a sequence conflict, so nothing is counted twice either way
 * @param batchSize rows deleted per statement
 * @param interval  pause between sweeps
 */
@ConfigurationProperties("reporting.retention")
public record RetentionProperties(@DefaultValue("P90D") Duration inbox, @DefaultValue("1000") int batchSize,
                                  @DefaultValue("PT1H") Duration interval) {

    public RetentionProperties {
        if (inbox.isZero() || inbox.isNegative()) {
            throw new IllegalArgumentException("reporting.retention.inbox must be positive, not " + inbox);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("reporting.retention.batch-size must be at least 1, not " + batchSize);
        }
    }
}
