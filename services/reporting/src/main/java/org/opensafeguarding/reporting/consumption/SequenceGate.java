package org.opensafeguarding.reporting.consumption;

import org.opensafeguarding.reporting.events.CaseEventParser;
import org.opensafeguarding.reporting.events.ParsedRecord;
import org.opensafeguarding.reporting.events.Rejection;
import org.opensafeguarding.reporting.projection.ProjectionBatch;
import org.opensafeguarding.reporting.projection.Projections;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Lets a case's events into the projections in sequence order, each once. Runs inside the caller's transaction, so
 * the inbox row, the position and the projection rows commit together or not at all.
 *
 * <p>This is the record-at-a-time path, used when a batch failed for good ({@link BatchGate} is the fast one; both
 * follow these rules). A record already in the inbox changes nothing. The next expected sequence is applied, then any held events it
 * unblocks. A later one is held in {@code pending_event}. A parked record that names its case still takes its
 * place in the order, so one bad event cannot hold its case's later events for ever.
 */
@Component
public class SequenceGate {

    public enum Outcome { APPLIED, HELD, DUPLICATE, PARKED }

    private final JdbcTemplate jdbc;
    private final Projections projections;
    private final ParkedEvents parked;
    private final CaseEventParser parser;
    private final Clock clock;
    private final TransactionTemplate savepoint;

    public SequenceGate(JdbcTemplate jdbc, Projections projections, ParkedEvents parked, CaseEventParser parser,
                        Clock clock, @Qualifier("nestedTransaction") TransactionTemplate nestedTransaction) {
        this.jdbc = jdbc;
        this.projections = projections;
        this.parked = parked;
        this.parser = parser;
        this.clock = clock;
        this.savepoint = nestedTransaction;
    }

    /**
     * @param careful apply each event under a savepoint and park it if its projection fails for good; the fast path
     *                runs without savepoints and is retried carefully when a batch hits such a failure
     */
    public Outcome accept(int version, IncomingRecord record, ParsedRecord parsed, boolean careful) {
        if (parsed.eventId() != null && jdbc.update("INSERT INTO inbox (projection_version, event_id, event_type) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", version, parsed.eventId(),
                parsed.eventType() == null ? "-" : parsed.eventType()) == 0) {
            return Outcome.DUPLICATE;
        }
        if (!parsed.isAccepted()) {
            parked.park(version, record, parsed, parsed.rejection());
        }
        if (!parsed.isSequenced()) {
            return Outcome.PARKED;
        }
        jdbc.update("INSERT INTO case_position (projection_version, case_pseudonym, tenant, last_sequence) "
                + "VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING", version, parsed.casePseudonym(), parsed.tenant());
        long last = jdbc.queryForObject("SELECT last_sequence FROM case_position WHERE projection_version = ? "
                + "AND case_pseudonym = ? FOR UPDATE", Long.class, version, parsed.casePseudonym());
        long sequence = parsed.sequence();
        if (sequence <= last) {
            conflict(version, record, parsed);
            return Outcome.PARKED;
        }
        if (sequence > last + 1) {
            return hold(version, record, parsed) ? Outcome.HELD : Outcome.PARKED;
        }
        apply(version, record, parsed, careful);
        last = drain(version, parsed.casePseudonym(), sequence, careful);
        jdbc.update("UPDATE case_position SET last_sequence = ? WHERE projection_version = ? AND case_pseudonym = ?",
                last, version, parsed.casePseudonym());
        return parsed.isAccepted() ? Outcome.APPLIED : Outcome.PARKED;
    }

    private boolean hold(int version, IncomingRecord record, ParsedRecord parsed) {
        int rows = jdbc.update("INSERT INTO pending_event (projection_version, case_pseudonym, sequence, event_id, "
                        + "tenant, payload, parked, topic, kafka_partition, kafka_offset, held_since) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                version, parsed.casePseudonym(), parsed.sequence(), parsed.eventId() == null ? "-" : parsed.eventId(),
                parsed.tenant(), parsed.isAccepted() ? parsed.event().json() : "{}", !parsed.isAccepted(),
                record.topic(), record.partition(), record.offset(), Timestamp.from(clock.instant()));
        if (rows == 0) {
            conflict(version, record, parsed);
            return false;
        }
        return true;
    }

    /** Two different events claimed one place in a case's order: keep the second aside, never drop it. */
    private void conflict(int version, IncomingRecord record, ParsedRecord parsed) {
        if (parsed.isAccepted()) {
            parked.park(version, record, parsed, Rejection.of("sequence-conflict", "/sequence", "unique-sequence"));
        }
    }

    private long drain(int version, String casePseudonym, long last, boolean careful) {
        while (true) {
            List<Map<String, Object>> next = jdbc.queryForList("DELETE FROM pending_event WHERE projection_version = ? "
                    + "AND case_pseudonym = ? AND sequence = ? RETURNING payload, parked, topic, kafka_partition, "
                    + "kafka_offset", version, casePseudonym, last + 1);
            if (next.isEmpty()) {
                return last;
            }
            Map<String, Object> held = next.get(0);
            if (!(Boolean) held.get("parked")) {
                byte[] payload = ((String) held.get("payload")).getBytes(StandardCharsets.UTF_8);
                IncomingRecord original = new IncomingRecord((String) held.get("topic"),
                        ((Number) held.get("kafka_partition")).intValue(), ((Number) held.get("kafka_offset")).longValue(),
                        payload);
                apply(version, original, parser.parse(payload), careful);
            }
            last++;
        }
    }

    private void one(int version, ParsedRecord parsed) {
        ProjectionBatch batch = projections.batch(version);
        batch.add(parsed.event());
        batch.flush();
    }

    private void apply(int version, IncomingRecord record, ParsedRecord parsed, boolean careful) {
        if (!parsed.isAccepted()) {
            return;
        }
        if (!careful) {
            one(version, parsed);
            return;
        }
        try {
            savepoint.executeWithoutResult(s -> one(version, parsed));
        } catch (RuntimeException failure) {
            if (TransientFailures.isTransient(failure)) {
                throw failure;
            }
            parked.park(version, record, parsed, new Rejection("projection-failed", "", "projectable",
                    "projection-failed: " + failure.getClass().getSimpleName()));
        }
    }
}
