package org.opensafeguarding.workflow.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.UUID;

@Component
public class OutboxWriter {

    private final JdbcClient jdbc;

    public OutboxWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Mandatory transaction: an outbox row written on its own would announce a change that may never commit. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(UUID eventId, CaseId caseId, String partitionKey, String eventType, JsonNode envelope) {
        jdbc.sql("""
                INSERT INTO outbox_event (event_id, case_id, partition_key, event_type, envelope)
                VALUES (:eventId, :caseId, :key, :type, CAST(:envelope AS JSONB))
                """)
                .param("eventId", eventId)
                .param("caseId", caseId.value())
                .param("key", partitionKey)
                .param("type", eventType)
                .param("envelope", envelope.toString())
                .update();
    }
}
