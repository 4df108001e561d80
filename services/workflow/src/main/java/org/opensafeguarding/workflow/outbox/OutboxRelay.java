package org.opensafeguarding.workflow.outbox;

import org.opensafeguarding.workflow.events.TopicProperties;
import org.opensafeguarding.workflow.failure.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes outbox rows in id order and marks them published: {@code outbox_event} to the case-event topic, and
 * {@code referral_receipt} (the intake's receipts, written with the decision they report) to the receipt topic.
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

    /** One outbox: its table, key column, topic and lock; the table and column names are constants of ours. */
    private record Outbox(String table, String keyColumn, java.util.function.Supplier<String> topic, long lock) {
    }

    private final Outbox caseEventOutbox;
    private final Outbox receiptOutbox;

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
        this.caseEventOutbox = new Outbox("outbox_event", "partition_key", topics::caseEvents, RELAY_LOCK);
        // a lock of its own: receipts have no order to keep with case events, so neither waits for the other
        this.receiptOutbox = new Outbox("referral_receipt", "record_key", topics::referralReceipts, RELAY_LOCK + 1);
    }

    private record Row(long id, String key, String envelope) {
    }

    @Scheduled(fixedDelayString = "${safeguarding.outbox.poll-interval:200ms}")
    public void relay() {
        try {
            relayAll(caseEventOutbox);
            relayAll(receiptOutbox);
        } catch (RuntimeException e) {
            // database or broker unavailable: the rows stay unpublished and the next run tries again
            log.warn("outbox relay run failed, will retry: {}", describe(e));
        }
    }

    private void relayAll(Outbox outbox) {
        int sent;
        do {
            sent = relayBatch(outbox);
        } while (sent == properties.batchSize());
    }

    /** Publishes one batch of case events; returns how many rows it published. */
    public int relayBatch() {
        return relayBatch(caseEventOutbox);
    }

    /** Publishes one batch of referral receipts; returns how many rows it published. */
    public int relayReceiptBatch() {
        return relayBatch(receiptOutbox);
    }

    private int relayBatch(Outbox outbox) {
        Integer sent = transactions.execute(status -> {
            Boolean leader = jdbc.sql("SELECT pg_try_advisory_xact_lock(:lock)").param("lock", outbox.lock())
                    .query(Boolean.class).single();
            if (!Boolean.TRUE.equals(leader)) {
                return 0;
            }
            List<Row> rows = jdbc.sql("SELECT id, " + outbox.keyColumn() + " AS record_key, envelope::text AS envelope "
                    + "FROM " + outbox.table() + " WHERE published_at IS NULL ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED")
                    .param("n", properties.batchSize())
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("record_key"), rs.getString("envelope")))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            String topic = outbox.topic().get();
            List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(rows.size());
            for (Row row : rows) {
                sends.add(kafka.send(topic, row.key(), row.envelope()));
            }
            awaitAll(sends);
            jdbc.sql("UPDATE " + outbox.table() + " SET published_at = now() WHERE id IN (:ids)")
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

    /** Codes only: a database error's message and detail may quote the row (docs/events.md, "Logs"). */
    private static String describe(Throwable e) {
        return Failures.describe(e);
    }
}
