package org.opensafeguarding.workflow.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param pollInterval   pause between relay runs when the outbox is empty
 * @param batchSize      rows published per transaction
 * @param sendTimeout    how long the relay waits for the broker to acknowledge a batch before trying again later
 * @param retention      published rows are deleted after this long; the topic is the record from then on
 */
@ConfigurationProperties("safeguarding.outbox")
public record OutboxProperties(Duration pollInterval, Integer batchSize, Duration sendTimeout, Duration retention) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        batchSize = batchSize == null ? 200 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(30) : sendTimeout;
        retention = retention == null ? Duration.ofDays(7) : retention;
    }
}
