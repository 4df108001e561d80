package org.opensafeguarding.workflow.casemessages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casemessages.CaseMessageViews.MessageView;
import org.opensafeguarding.workflow.engine.EngineCommands;
import org.opensafeguarding.workflow.access.CaseAccess;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends a case-keyed message (docs/case-messages.md): checks the allow-list, the sender and the body, then in one
 * transaction records it ({@code case_message}), queues the engine message ({@code engine_command} PUBLISH, whose
 * dispatcher retries until the engine takes it) and audits. The client's {@code Idempotency-Key} makes the message
 * id, so a repeat publishes nothing new.
 */
@Service
class CaseMessages {

    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final JdbcClient jdbc;
    private final CaseRepository cases;
    private final EngineCommands engineCommands;
    private final AuditLog audit;
    private final CaseMessageAudit refusals;
    private final CaseAccess caseAccess;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;

    CaseMessages(JdbcClient jdbc, CaseRepository cases, EngineCommands engineCommands, AuditLog audit,
                 CaseMessageAudit refusals, TransactionTemplate transactions, ObjectMapper json, Clock clock,
                 CaseAccess caseAccess) {
        this.caseAccess = caseAccess;
        this.jdbc = jdbc;
        this.cases = cases;
        this.engineCommands = engineCommands;
        this.audit = audit;
        this.refusals = refusals;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    MessageView send(Caller caller, String caseIdText, String messageName, String idempotencyKey, JsonNode body) {
        try {
            return checkAndSend(caller, caseIdText, messageName, idempotencyKey, body);
        } catch (CaseMessageException refusal) {
            refusals.refused(caller, caseIdText, Map.of("request", "case-message", "messageName",
                    String.valueOf(messageName)), refusal);
            throw refusal;
        }
    }

    private MessageView checkAndSend(Caller caller, String caseIdText, String messageName, String idempotencyKey,
                                     JsonNode body) {
        CaseMessageDefinition message = definition(messageName);
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw CaseMessageException.badRequest("idempotency-key-required", "Header Idempotency-Key is required: "
                    + "a key of the client's choosing, the same for every retry of one message");
        }
        if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw CaseMessageException.badRequest("invalid-idempotency-key", "Header Idempotency-Key must be 1-100 "
                    + "letters, digits or . _ : - (a UUID will do)");
        }
        CaseRecord theCase = knownCase(caseIdText);
        // another partnership's case is answered as unknown; a restricted one only for the people named on it
        caseAccess.requireOn(caller, theCase, "case-message");
        if (theCase.type() != message.caseType()) {
            throw CaseMessageException.badRequest("message-not-allowed", "Message " + message.messageName()
                    + " is not allowed for this case: only " + message.caseType() + " cases receive it ("
                    + message.caughtBy() + "); a " + theCase.type() + " case may receive "
                    + CaseMessageCatalogue.allowedFor(theCase.type()));
        }
        if (!caller.memberOfAny(message.senderGroups())) {
            throw CaseMessageException.forbidden("Message " + message.messageName() + " may be sent only by members of "
                    + message.senderGroups());
        }
        Map<String, Object> variables = MessageBodyRules.variables(body, message.fields(), today(),
                theCase.triggerDate());
        return transactions.execute(status -> record(caller, theCase, message, idempotencyKey, variables));
    }

    private CaseMessageDefinition definition(String messageName) {
        Optional<CaseMessageDefinition> known = CaseMessageCatalogue.find(messageName);
        if (known.isPresent()) {
            return known.get();
        }
        String elsewhere = CaseMessageCatalogue.SENT_ELSEWHERE.get(messageName);
        if (elsewhere != null) {
            throw CaseMessageException.badRequest("message-not-allowed", "Message " + messageName
                    + " is not sent through this endpoint: it comes from " + elsewhere);
        }
        throw CaseMessageException.badRequest("unknown-message", "Not a message this API sends; the messages are "
                + CaseMessageCatalogue.MESSAGES.stream().map(CaseMessageDefinition::messageName).toList());
    }

    private CaseRecord knownCase(String caseIdText) {
        CaseId caseId;
        try {
            caseId = CaseId.parse(caseIdText);
        } catch (IllegalArgumentException e) {
            throw CaseMessageException.unknownCase("(not a case id)");
        }
        return cases.find(caseId).orElseThrow(() -> CaseMessageException.unknownCase(caseId.toString()));
    }

    private MessageView record(Caller caller, CaseRecord theCase, CaseMessageDefinition message, String key,
                               Map<String, Object> variables) {
        CaseId caseId = theCase.id();
        cases.lock(caseId);
        String messageId = "case-message:" + caseId + ":" + key;
        Optional<Earlier> earlier = jdbc.sql("""
                        SELECT message_name, variables::text AS variables, message_id FROM case_message
                        WHERE case_id = :caseId AND idempotency_key = :key""")
                .param("caseId", caseId.value()).param("key", key)
                .query((rs, n) -> new Earlier(rs.getString("message_name"), rs.getString("variables"),
                        rs.getString("message_id")))
                .optional();
        if (earlier.isPresent()) {
            return repeat(caller, caseId, message, key, variables, earlier.get());
        }
        CaseRecord current = cases.find(caseId).orElseThrow();
        if (current.status() != CaseStatus.OPEN) {
            throw CaseMessageException.conflict("case-closed", "Case " + caseId + " is closed: its process waits for "
                    + "no message");
        }
        jdbc.sql("""
                        INSERT INTO case_message (case_id, message_name, idempotency_key, message_id, variables, sent_by,
                                                  sent_at)
                        VALUES (:caseId, :name, :key, :messageId, CAST(:variables AS JSONB), :by, :at)""")
                .param("caseId", caseId.value())
                .param("name", message.messageName())
                .param("key", key)
                .param("messageId", messageId)
                .param("variables", write(variables))
                .param("by", caller.userId())
                .param("at", Timestamp.from(clock.instant()))
                .update();
        engineCommands.requestPublish(caseId, theCase.processId(), message.messageName(), caseId.toString(), messageId,
                variables);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("change", "case-message-sent");
        detail.put("messageName", message.messageName());
        detail.put("messageId", messageId);
        detail.put("variables", List.copyOf(variables.keySet()));
        audit.record(caller.audit(AuditAction.UPDATE, CaseMessageAudit.RESOURCE, caseId.toString()).withDetail(detail));
        return new MessageView(caseId.toString(), message.messageName(), messageId, variables, "QUEUED", false);
    }

    private MessageView repeat(Caller caller, CaseId caseId, CaseMessageDefinition message, String key,
                               Map<String, Object> variables, Earlier earlier) {
        boolean same = earlier.messageName().equals(message.messageName())
                && read(earlier.variables()).equals(json.valueToTree(variables));
        if (!same) {
            throw new CaseMessageException(HttpStatus.CONFLICT, "idempotency-key-reused", "Idempotency-Key was used "
                    + "before on this case for a different message or body; use a new key for a new message");
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("change", "case-message-repeated");
        detail.put("messageName", message.messageName());
        detail.put("messageId", earlier.messageId());
        audit.record(caller.audit(AuditAction.REPLAY, CaseMessageAudit.RESOURCE, caseId.toString()).withDetail(detail));
        String commandStatus = engineCommands.status(earlier.messageId());
        return new MessageView(caseId.toString(), message.messageName(), earlier.messageId(), variables,
                CaseMessageViews.delivery(commandStatus), true);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), LONDON);
    }

    private String write(Map<String, Object> variables) {
        try {
            return json.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message variables are not serialisable", e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("case_message.variables is not JSON", e);
        }
    }

    private record Earlier(String messageName, String variables, String messageId) {
    }
}
