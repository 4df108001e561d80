package org.opensafeguarding.workflow.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.Map;

/**
 * Writes to audit_log in the caller's transaction, so an audited change and its audit row commit or roll
 * back together. Details hold ids and codes, never the personal data itself.
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public AuditLog(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, AuditAction action, String resourceType, String resourceId, Map<String, ?> detail) {
        String detailJson;
        try {
            detailJson = detail == null ? null : json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable", e);
        }
        jdbc.sql("""
                INSERT INTO audit_log (actor, action, resource_type, resource_id, detail)
                VALUES (:actor, :action, :type, :id, CAST(:detail AS JSONB))
                """)
                .param("actor", actor)
                .param("action", action.name())
                .param("type", resourceType)
                .param("id", resourceId)
                .param("detail", detailJson)
                .update();
    }
}
