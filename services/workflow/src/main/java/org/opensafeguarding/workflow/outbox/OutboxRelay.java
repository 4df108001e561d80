package org.opensafeguarding.workflow.outbox;

import org.opensafeguarding.workflow.events.TopicProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes outbox rows to the case-event topic in id order and marks them published.
 *
 * <p>Delivery is at least once: if the broker does not acknowledge the whole batch, nothing is marked and the
 * batch is sent again, so a consumer may see an event twice (it dedupes by CloudEvent id) but never misses one
 * or sees a case's events out of order for the first time.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /**
     * One relay at a time across all instances: SKIP LOCKED alone would let two instances publish different
     * events of one case concurrently and so out of order.
     */
    private static final long RELAY_LOCK = 0x6f75_7462_6f78L;

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate transactions;
    private final TopicProperties topics;
    private final OutboxProperties properties;

    public OutboxRelay(JdbcClient jdbc, @Qualifier("caseEventTemplate") KafkaTemplate<String, String> kafka,
                       TransactionTemplate transactions, TopicProperties topics, OutboxProperties properties) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.transactions = transactions;
        this.topics = topics;
        this.properties = properties;
    }

    private record Row(long id, String key, String envelope) {
    }

    @Scheduled(fixedDelayString = "${safeguarding.outbox.poll-interval:200ms}")
    public void relay() {
        try {
            int sent;
            do {
                sent = relayBatch();
            } while (sent == properties.batchSize());
        } catch (RuntimeException e) {
            // database or broker unavailable: the rows stay unpublished and the next run tries again
            log.warn("outbox relay run failed, will retry: {}", describe(e));
        }
    }

    /** Publishes one batch; returns how many rows it published. */
    public int relayBatch() {
        Integer sent = transactions.execute(status -> {
            Boolean leader = jdbc.sql("SELECT pg_try_advisory_xact_lock(:lock)").param("lock", RELAY_LOCK)
                    .query(Boolean.class).single();
            if (!Boolean.TRUE.equals(leader)) {
                return 0;
            }
            List<Row> rows = jdbc.sql("""
                    SELECT id, partition_key, envelope::text AS envelope FROM outbox_event
                    WHERE published_at IS NULL ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED
                    """)
                    .param("n", properties.batchSize())
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("partition_key"), rs.getString("envelope")))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(rows.size());
            for (Row row : rows) {
                sends.add(kafka.send(topics.caseEvents(), row.key(), row.envelope()));
            }
            awaitAll(sends);
            jdbc.sql("UPDATE outbox_event SET published_at = now() WHERE id IN (:ids)")
                    .param("ids", rows.stream().map(Row::id).toList())
                    .update();
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    private void awaitAll(List<CompletableFuture<SendResult<String, String>>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing case events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("case events not acknowledged by Kafka; the batch stays in the outbox", e);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append(" <- ").append(c);
        }
        return text.toString();
    }

    /** Published rows are only kept for a while for diagnosis; the topic is the durable record. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    public void purgePublished() {
        try {
            // published_at is the database's now(), so the cut-off is too
            int purged = jdbc.sql("DELETE FROM outbox_event WHERE published_at < now() - make_interval(secs => :seconds)")
                    .param("seconds", (double) properties.retention().toSeconds())
                    .update();
            if (purged > 0) {
                log.info("purged {} published outbox rows", purged);
            }
        } catch (RuntimeException e) {
            log.warn("outbox purge failed, will retry: {}", e.toString());
        }
    }
}
