package org.opensafeguarding.workflow.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.Map;

/** Records engine commands in the caller's transaction; {@link EngineCommandDispatcher} carries them out. */
@Component
public class EngineCommands {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public EngineCommands(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * @param variables ids and routing facts only: they are copied into the engine, which is outside the
     *                  boundary personal data may cross
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void requestStart(CaseId caseId, String processId, Map<String, Object> variables) {
        insert(caseId, EngineCommandKind.START, processId, "start:" + caseId, variables);
    }

    /** @param messageId unique per referral; the engine drops a second message with the same id */
    @Transactional(propagation = Propagation.MANDATORY)
    public void requestCorrelation(CaseId caseId, String processId, String messageId, Map<String, Object> variables) {
        insert(caseId, EngineCommandKind.CORRELATE, processId, messageId, variables);
    }

    /**
     * A message published after commit, once: the dedupe key is unique among commands and is the engine's message
     * id, so neither a repeated request nor a retried publish delivers it twice.
     *
     * @param caseId    the case whose change this message announces (the row belongs to it)
     * @param processId the process the message is meant to reach, for operators reading the table
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void requestPublish(CaseId caseId, String processId, String messageName, String correlationKey,
                               String messageId, Map<String, Object> variables) {
        insert(caseId, EngineCommandKind.PUBLISH, processId, messageId, variables, messageName, correlationKey);
    }

    /**
     * PENDING, DONE or REFUSED for the command of an earlier request with this dedupe key (a message's id). The command was
     * written with that request, so a missing row is one the retention sweep deleted after it was done.
     */
    public String status(String dedupeKey) {
        return jdbc.sql("SELECT status FROM engine_command WHERE dedupe_key = :id")
                .param("id", dedupeKey).query(String.class).optional().orElse("DONE");
    }

    private void insert(CaseId caseId, EngineCommandKind kind, String processId, String dedupeKey,
                        Map<String, Object> variables) {
        insert(caseId, kind, processId, dedupeKey, variables, null, null);
    }

    private void insert(CaseId caseId, EngineCommandKind kind, String processId, String dedupeKey,
                        Map<String, Object> variables, String messageName, String correlationKey) {
        String variablesJson;
        try {
            variablesJson = json.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("process variables are not serialisable", e);
        }
        jdbc.sql("""
                INSERT INTO engine_command (case_id, kind, process_id, dedupe_key, variables, message_name, correlation_key)
                VALUES (:caseId, :kind, :processId, :dedupeKey, CAST(:variables AS JSONB), :messageName, :correlationKey)
                ON CONFLICT (dedupe_key) DO NOTHING
                """)
                .param("caseId", caseId.value())
                .param("kind", kind.name())
                .param("processId", processId)
                .param("dedupeKey", dedupeKey)
                .param("variables", variablesJson)
                .param("messageName", messageName)
                .param("correlationKey", correlationKey)
                .update();
    }
}
