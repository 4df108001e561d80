package org.opensafeguarding.workflow.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The case's own history of its events (table {@code case_event_log}, V18), kept for the life of the case: the outbox
 * forgets an event a week after publishing it. The case page's timeline reads it.
 */
@Component
public class CaseEventLog {

    private final JdbcClient jdbc;

    public CaseEventLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** In the transaction that writes the outbox row, so the two never disagree. */
    @Transactional(propagation = Propagation.MANDATORY)
    void append(UUID eventId, CaseId caseId, String eventType, long sequence, Instant occurredAt, JsonNode data) {
        jdbc.sql("""
                INSERT INTO case_event_log (case_id, event_id, event_type, sequence, occurred_at, data)
                VALUES (:caseId, :eventId, :type, :sequence, :at, CAST(:data AS JSONB))
                """)
                .param("caseId", caseId.value())
                .param("eventId", eventId)
                .param("type", eventType)
                .param("sequence", sequence)
                .param("at", Timestamp.from(occurredAt))
                .param("data", data.toString())
                .update();
    }
}
