package org.opensafeguarding.reporting.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes inbox ids older than {@code reporting.retention.inbox}, in batches, every {@code interval}. The cut-off is
 * the service's clock. Every case event is also sequenced, so an old redelivery is still never applied twice.
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
public class InboxRetention {

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RetentionProperties properties;

    public InboxRetention(JdbcTemplate jdbc, Clock clock, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${reporting.retention.interval:PT1H}", initialDelayString = "PT5M")
    public void scheduled() {
        try {
            int deleted = sweep();
            if (deleted > 0) {
                log.info("inbox retention deleted {} event ids", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("inbox retention failed, will retry: {}", e.getClass().getSimpleName());
        }
    }

    /** Deletes every id older than the retention; returns how many. */
    public int sweep() {
        Instant cutOff = clock.instant().minus(properties.inbox());
        int total = 0;
        int batch;
        do {
            batch = jdbc.update("DELETE FROM inbox WHERE ctid IN (SELECT ctid FROM inbox WHERE received_at < ? "
                    + "ORDER BY received_at LIMIT ?)", Timestamp.from(cutOff), properties.batchSize());
            total += batch;
        } while (batch == properties.batchSize());
        return total;
    }
}
