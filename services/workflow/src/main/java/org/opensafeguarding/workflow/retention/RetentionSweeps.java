package org.opensafeguarding.workflow.retention;

import org.opensafeguarding.workflow.failure.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Deletes finished bookkeeping rows once they are older than their table's retention: published outbox rows and
 * receipts, engine commands carried out, the workers' job receipts. Batches of {@code batch-size} rows, oldest key
 * first, each its own statement, so a sweep after a long pause never holds a long lock. The cut-off is the service's
 * clock: a replay that pins it to the past deletes nothing recorded since.
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionSweeps {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeps.class);

    /** One table: which rows are finished, when they finished, and their key; all names are constants of ours. */
    private record Target(String table, String key, String finishedAt, String finished,
                          Function<RetentionProperties, Duration> retention) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("outbox_event", "id", "published_at", "published_at IS NOT NULL",
                    RetentionProperties::outboxEvents),
            new Target("referral_receipt", "id", "published_at", "published_at IS NOT NULL",
                    RetentionProperties::referralReceipts),
            new Target("engine_command", "id", "done_at", "status = 'DONE'", RetentionProperties::engineCommands),
            new Target("worker_job", "job_key", "handled_at", "true", RetentionProperties::workerJobs));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RetentionProperties properties;

    public RetentionSweeps(JdbcClient jdbc, Clock clock, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${safeguarding.retention.interval:PT1H}", initialDelayString = "PT5M")
    public void scheduled() {
        try {
            Map<String, Integer> deleted = sweep();
            if (deleted.values().stream().anyMatch(n -> n > 0)) {
                log.info("retention sweep deleted {}", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("retention sweep failed, will retry: {}", Failures.describe(e));
        }
    }

    /** One sweep of every table; returns the rows deleted per table. */
    public Map<String, Integer> sweep() {
        Instant now = clock.instant();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (Target target : TARGETS) {
            deleted.put(target.table(), sweep(target, now.minus(target.retention().apply(properties))));
        }
        return deleted;
    }

    private int sweep(Target t, Instant cutOff) {
        String sql = "DELETE FROM " + t.table() + " WHERE " + t.key() + " IN (SELECT " + t.key() + " FROM " + t.table()
                + " WHERE " + t.finished() + " AND " + t.finishedAt() + " < :cutOff ORDER BY " + t.key()
                + " LIMIT :batch)";
        int total = 0;
        int batch;
        do {
            batch = jdbc.sql(sql).param("cutOff", Timestamp.from(cutOff)).param("batch", properties.batchSize())
                    .update();
            total += batch;
        } while (batch == properties.batchSize());
        return total;
    }
}
