package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where rejected referral records are kept instead of on the dead-letter topic (docs/events.md, "Rejected records"):
 * the record's bytes, key and headers, with the reason as codes, until {@code expires_at}; the dead-letter topic gets a
 * reference to the row. Writing it is the condition for committing the record's offset: when the database is away the
 * write fails and the record is retried, never lost. Also kept: REST bodies the service could not store for a reason
 * retrying cannot fix. Entries stay unacknowledged (health {@code DEGRADED}) until an operator acknowledges them.
 */
@Component
public class ReferralQuarantine {

    private static final Logger log = LoggerFactory.getLogger(ReferralQuarantine.class);

    /** The audit rows' resource type for reads of the quarantine list. */
    static final String RESOURCE = "referral-quarantine";
    /** Batches one purge run deletes at most; the rest waits for the next run. */
    private static final int MAX_BATCHES_PER_RUN = 100;

    /** What an auditor may see of an entry: metadata and codes, never the record. */
    public record Entry(UUID id, Instant receivedAt, Channel channel, String reason, String field, String rule,
                        String eventId, String topic, Integer partition, Long offset, int sizeBytes, Instant expiresAt,
                        Instant acknowledgedAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final IntakeProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final ReferralReceipts receipts;
    private final ParkedRecords parked;

    public ReferralQuarantine(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit,
                              IntakeProperties properties, ObjectMapper json, Clock clock, ReferralReceipts receipts,
                              ParkedRecords parked) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.receipts = receipts;
        this.parked = parked;
    }

    /**
     * Keeps a rejected record, once: a second delivery of the same record (same topic, partition, offset and bytes)
     * finds the row written before. The reason is audited ({@code DENIED} for not-authorised, else {@code REFUSED})
     * and the {@code refused} receipt written in the same transaction.
     *
     * @return the quarantine id the dead-letter reference names
     * @throws DataAccessException or {@link TransactionException} when the database is unavailable: do not commit
     *                             the record's offset, try again
     */
    public UUID quarantine(ConsumerRecord<?, ?> record, ReferralRejectedException rejection) {
        byte[] payload = bytes(record.value());
        String sha = sha256(payload);
        UUID id = transactions.execute(status -> {
            Optional<UUID> inserted = insert(Channel.KAFKA, record, payload, sha, rejection);
            if (inserted.isEmpty()) {
                return jdbc.sql("""
                        SELECT id FROM referral_quarantine WHERE source_topic = :topic AND source_partition = :partition
                            AND source_offset = :offset AND payload_sha256 = :sha
                        """)
                        .param("topic", record.topic()).param("partition", record.partition())
                        .param("offset", record.offset()).param("sha", sha)
                        .query(UUID.class).single();
            }
            Map<String, Object> audited = audited(inserted.get(), Channel.KAFKA, rejection);
            audited.put("topic", record.topic());
            audited.put("partition", record.partition());
            audited.put("offset", record.offset());
            audit.record("kafka:" + record.topic(), rejection.reason() == RejectionReason.NOT_AUTHORISED
                    ? AuditAction.DENIED : AuditAction.REFUSED, "referral",
                    rejection.eventId() == null ? "-" : rejection.eventId(), audited);
            receipts.refused(rejection, inserted.get(), ReferralReceipts.Origin.of(record));
            return inserted.get();
        });
        parked.refresh();
        return id;
    }

    /**
     * Keeps a REST body the service could not store for a reason retrying cannot fix (storage refused, our code
     * failed), so that an operator sees it: the caller has been told not to send it again. Refusals the caller can
     * fix (schema, ...) are not kept (docs/events.md).
     *
     * @return the quarantine id the problem answer names
     */
    public UUID quarantineRest(byte[] body, ReferralRejectedException rejection, String actor) {
        byte[] payload = body == null ? new byte[0] : body;
        UUID id = transactions.execute(status -> {
            UUID inserted = insert(Channel.REST, null, payload, sha256(payload), rejection).orElseThrow();
            audit.record(actor, AuditAction.REFUSED, "referral", rejection.eventId() == null ? "-" : rejection.eventId(),
                    audited(inserted, Channel.REST, rejection));
            return inserted;
        });
        parked.refresh();
        return id;
    }

    private Optional<UUID> insert(Channel channel, ConsumerRecord<?, ?> record, byte[] payload, String sha,
                                  ReferralRejectedException rejection) {
        Instant now = clock.instant();
        return jdbc.sql("""
                INSERT INTO referral_quarantine (id, received_at, channel, reason, detail, event_id, source_topic,
                    source_partition, source_offset, record_key, record_headers, payload, payload_sha256, expires_at)
                VALUES (:id, :at, :channel, :reason, CAST(:detail AS JSONB), :eventId, :topic, :partition, :offset,
                    :key, CAST(:headers AS JSONB), :payload, :sha, :expires)
                ON CONFLICT (source_topic, source_partition, source_offset, payload_sha256) DO NOTHING
                RETURNING id
                """)
                .param("id", UUID.randomUUID())
                .param("at", Timestamp.from(now))
                .param("channel", channel.name())
                .param("reason", rejection.reason().code())
                .param("detail", write(detail(rejection)))
                .param("eventId", rejection.eventId())
                .param("topic", record == null ? null : record.topic())
                .param("partition", record == null ? null : record.partition())
                .param("offset", record == null ? null : record.offset())
                .param("key", record == null || record.key() == null ? null : bytes(record.key()))
                .param("headers", record == null ? null : write(headers(record)))
                .param("payload", payload)
                .param("sha", sha)
                .param("expires", Timestamp.from(now.plus(properties.quarantineRetention())))
                .query(UUID.class).optional();
    }

    private static Map<String, Object> detail(ReferralRejectedException rejection) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("field", printable(rejection.field()));
        detail.put("rule", rejection.rule() == null ? "" : printable(rejection.rule()));
        return detail;
    }

    private static Map<String, Object> audited(UUID id, Channel channel, ReferralRejectedException rejection) {
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("quarantineId", id.toString());
        audited.put("channel", channel.name());
        audited.put("reason", rejection.reason().code());
        audited.putAll(detail(rejection));
        return audited;
    }

    /**
     * A field pointer or rule without control characters: a pointer names the submitted record's own keys, and a NUL
     * in one would make the quarantine row (JSONB) as unstorable as the record it is meant to keep.
     */
    static String printable(String code) {
        return code == null ? "" : code.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * Marks unacknowledged entries as seen by an operator: the ones named, or every one received before
     * {@code receivedBefore}. Audited ({@code UPDATE}, resource {@code referral-quarantine}) with the count.
     *
     * @return how many entries this call acknowledged
     */
    public int acknowledge(List<UUID> ids, Instant receivedBefore, String actor) {
        Instant now = clock.instant();
        Integer count = transactions.execute(status -> {
            int n = jdbc.sql("""
                    UPDATE referral_quarantine SET acknowledged_at = :now, acknowledged_by = :actor
                    WHERE acknowledged_at IS NULL AND (id IN (:ids) OR received_at < :before)
                    """)
                    .param("now", Timestamp.from(now)).param("actor", actor)
                    // an impossible id keeps "IN ()" valid SQL when only a time was given
                    .param("ids", ids.isEmpty() ? List.of(new UUID(0, 0)) : ids)
                    .param("before", Timestamp.from(receivedBefore == null ? Instant.EPOCH : receivedBefore))
                    .update();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("ids", ids.size());
            if (receivedBefore != null) {
                detail.put("receivedBefore", receivedBefore.toString());
            }
            detail.put("acknowledged", n);
            audit.record(actor, AuditAction.UPDATE, RESOURCE, "acknowledgement", detail);
            return n;
        });
        parked.refresh();
        return count == null ? 0 : count;
    }

    /** One list of entries; {@code truncated}: there are more in the period than the limit. */
    public record Page(List<Entry> entries, boolean truncated) {
    }

    /** Entries received in [from, to), oldest first, at most {@code limit}; the read is audited in the same transaction. */
    public Page list(Instant from, Instant to, int limit, String actor) {
        return transactions.execute(status -> {
            List<Entry> found = jdbc.sql("""
                    SELECT id, received_at, channel, reason, detail->>'field' AS field, detail->>'rule' AS rule, event_id,
                        source_topic, source_partition, source_offset, octet_length(payload) AS size, expires_at,
                        acknowledged_at
                    FROM referral_quarantine WHERE received_at >= :from AND received_at < :to
                    ORDER BY received_at, id LIMIT :limit
                    """)
                    .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("limit", limit + 1)
                    .query((rs, n) -> new Entry(rs.getObject("id", UUID.class), rs.getTimestamp("received_at").toInstant(),
                            Channel.valueOf(rs.getString("channel")), rs.getString("reason"), rs.getString("field"),
                            rs.getString("rule"), rs.getString("event_id"), rs.getString("source_topic"),
                            (Integer) rs.getObject("source_partition"), (Long) rs.getObject("source_offset"),
                            rs.getInt("size"), rs.getTimestamp("expires_at").toInstant(),
                            rs.getTimestamp("acknowledged_at") == null ? null : rs.getTimestamp("acknowledged_at").toInstant()))
                    .list();
            boolean truncated = found.size() > limit;
            List<Entry> entries = truncated ? List.copyOf(found.subList(0, limit)) : found;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("from", from.toString());
            detail.put("to", to.toString());
            detail.put("entries", entries.size());
            detail.put("truncated", truncated);
            audit.record(actor, AuditAction.READ, RESOURCE, "list", detail);
            return new Page(entries, truncated);
        });
    }

    /**
     * Deletes the entries that expired by {@code now}, a bounded batch per statement, and logs how many (a count
     * only).
     *
     * @return how many were deleted
     */
    public int purge(Instant now) {
        int batch = properties.quarantinePurgeBatch();
        int total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int deleted = jdbc.sql("""
                    DELETE FROM referral_quarantine WHERE id IN (
                        SELECT id FROM referral_quarantine WHERE expires_at <= :now
                        ORDER BY expires_at LIMIT :batch FOR UPDATE SKIP LOCKED)
                    """)
                    .param("now", Timestamp.from(now)).param("batch", batch).update();
            total += deleted;
            if (deleted < batch) {
                break;
            }
        }
        if (total > 0) {
            log.info("referral quarantine: {} expired entries deleted", total);
        }
        return total;
    }

    @Scheduled(fixedDelayString = "${safeguarding.intake.quarantine-purge-interval:PT1H}", initialDelayString = "PT1M")
    void purgeExpired() {
        try {
            purge(clock.instant());
        } catch (DataAccessException | TransactionException e) {
            log.warn("referral quarantine purge skipped, database unavailable: {}", e.getClass().getSimpleName());
        }
    }

    private static byte[] bytes(Object value) {
        if (value == null) {
            return new byte[0];
        }
        return value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<Map<String, String>> headers(ConsumerRecord<?, ?> record) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Header h : record.headers()) {
            out.add(Map.of("name", h.key(), "value", h.value() == null ? "" : Base64.getEncoder().encodeToString(h.value())));
        }
        return out;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("quarantine metadata is not serialisable", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
