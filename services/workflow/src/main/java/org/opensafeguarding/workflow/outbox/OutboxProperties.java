package org.opensafeguarding.workflow.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param pollInterval   pause between relay runs when the outbox is empty
 * @param batchSize      rows published per transaction
 * @param sendTimeout    how long the relay waits for the broker to acknowledge a batch before trying again later
 *                       (published rows are deleted by the retention sweeps, safeguarding.retention.outbox-events)
 */
@ConfigurationProperties("safeguarding.outbox")
public record OutboxProperties(Duration pollInterval, Integer batchSize, Duration sendTimeout) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        batchSize = batchSize == null ? 200 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(30) : sendTimeout;
    }
}
