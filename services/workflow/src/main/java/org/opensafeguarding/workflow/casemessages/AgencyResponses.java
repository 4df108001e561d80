package org.opensafeguarding.workflow.casemessages;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.casemessages.CaseMessageViews.AgencyResponseView;
import org.opensafeguarding.workflow.engine.EngineCommands;
import org.opensafeguarding.workflow.notices.AgencyRequests;
import org.opensafeguarding.workflow.access.CaseAccess;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Records an agency's answer to a request ({@code agency_request}, docs/processes.md §1.5) and, in the same
 * transaction, queues message {@code agency-request.returned} for the receive task that waits for it. The message id
 * is derived from the row ({@code agency-request:<row id>}), so one request tells the process at most once; the same
 * answer again changes nothing, a different answer after one was recorded is a conflict.
 */
@Service
class AgencyResponses {

    static final String MESSAGE_NAME = "agency-request.returned";
    static final List<String> RESPONSES = List.of("RETURNED", "DECLINED");
    /** Who records agency answers, by the case type that made the request (docs/processes.md §1.8). */
    static final Map<CaseType, Set<String>> RESPONDERS = Map.of(
            CaseType.CHILD_DEATH, Set.of("cdop-coordinator"),
            CaseType.SERIOUS_CASE_REVIEW, Set.of("review-business-unit"),
            CaseType.SERIOUS_INCIDENT, Set.of("review-business-unit"),
            CaseType.LADO_ALLEGATION, Set.of("lado"));
    static final List<MessageField> FIELDS = List.of(
            MessageField.requiredCode("response", "agencyResponse", RESPONSES),
            MessageField.optionalDate("receivedOn", "receivedOn"));

    private static final Pattern AGENCY_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final JdbcClient jdbc;
    private final CaseRepository cases;
    private final EngineCommands engineCommands;
    private final AuditLog audit;
    private final CaseMessageAudit refusals;
    private final CaseAccess caseAccess;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AgencyResponses(JdbcClient jdbc, CaseRepository cases, EngineCommands engineCommands, AuditLog audit,
                    CaseMessageAudit refusals, TransactionTemplate transactions, Clock clock,
                    CaseAccess caseAccess) {
        this.caseAccess = caseAccess;
        this.jdbc = jdbc;
        this.cases = cases;
        this.engineCommands = engineCommands;
        this.audit = audit;
        this.refusals = refusals;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The correlation key of the receive task waiting for this request: {@code <caseId>/<requestType>/<agencyId>},
     * where a revised IMR is awaited by the same receive task as the IMR ({@code imr}).
     */
    static String correlationKey(CaseId caseId, String requestType, String agencyId) {
        String awaited = "imr-revision".equals(requestType) ? "imr" : requestType;
        return caseId + "/" + awaited + "/" + agencyId;
    }

    AgencyResponseView respond(Caller caller, String caseIdText, String requestType, String agencyId, JsonNode body) {
        try {
            return checkAndRecord(caller, caseIdText, requestType, agencyId, body);
        } catch (CaseMessageException refusal) {
            refusals.refused(caller, caseIdText, Map.of("request", "agency-response", "requestType",
                    String.valueOf(requestType), "agencyId", String.valueOf(agencyId)), refusal);
            throw refusal;
        }
    }

    private AgencyResponseView checkAndRecord(Caller caller, String caseIdText, String requestType, String agencyId,
                                              JsonNode body) {
        if (!AgencyRequests.REQUEST_TYPES.contains(requestType)) {
            throw CaseMessageException.badRequest("unknown-request-type", "requestType must be one of "
                    + AgencyRequests.REQUEST_TYPES);
        }
        if (agencyId == null || !AGENCY_ID.matcher(agencyId).matches()) {
            throw CaseMessageException.badRequest("invalid-agency-id", "agencyId must be an agency id (1-100 letters, "
                    + "digits or _ . : -)");
        }
        CaseId caseId;
        try {
            caseId = CaseId.parse(caseIdText);
        } catch (IllegalArgumentException e) {
            throw CaseMessageException.unknownCase("(not a case id)");
        }
        CaseRecord theCase = cases.find(caseId).orElseThrow(() -> CaseMessageException.unknownCase(caseIdText));
        // another partnership's case is answered as unknown; a restricted one only for the people named on it
        caseAccess.requireOn(caller, theCase, "agency-response");
        Set<String> responders = RESPONDERS.getOrDefault(theCase.type(), Set.of());
        if (!caller.memberOfAny(responders)) {
            throw CaseMessageException.forbidden("Agency answers on a " + theCase.type() + " case may be recorded only "
                    + "by members of " + responders);
        }
        Map<String, Object> values = MessageBodyRules.variables(body, FIELDS, LocalDate.ofInstant(clock.instant(), LONDON),
                theCase.triggerDate());
        String response = (String) values.get("agencyResponse");
        LocalDate receivedOn = values.containsKey("receivedOn") ? LocalDate.parse((String) values.get("receivedOn")) : null;
        return transactions.execute(status -> record(caller, theCase, requestType, agencyId, response, receivedOn));
    }

    private AgencyResponseView record(Caller caller, CaseRecord theCase, String requestType, String agencyId,
                                      String response, LocalDate receivedOn) {
        CaseId caseId = theCase.id();
        cases.lock(caseId);
        Request request = latestRequest(caseId, requestType, agencyId).orElseThrow(() -> new CaseMessageException(
                org.springframework.http.HttpStatus.NOT_FOUND, "unknown-agency-request", "Case " + caseId
                + " has no " + requestType + " request to agency " + agencyId));
        if (request.status().equals(response)) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("change", "agency-response-repeated");
            detail.put("agencyRequestId", request.id());
            detail.put("response", response);
            audit.record(caller.audit(AuditAction.REPLAY, CaseMessageAudit.RESOURCE, caseId.toString())
                    .withDetail(detail));
            String commandStatus = request.messageId() == null ? "PENDING" : engineCommands.status(request.messageId());
            return view(caseId, requestType, agencyId, request.status(), request.receivedOn(), request.respondedAt(),
                    request.messageId(), CaseMessageViews.delivery(commandStatus), true);
        }
        if (!"REQUESTED".equals(request.status())) {
            throw CaseMessageException.conflict("already-answered", "The " + requestType + " request to agency "
                    + agencyId + " was already answered " + request.status() + "; a different answer cannot replace it");
        }
        if (cases.find(caseId).orElseThrow().status() != CaseStatus.OPEN) {
            throw CaseMessageException.conflict("case-closed", "Case " + caseId + " is closed: its process waits for "
                    + "no answer");
        }
        Instant now = clock.instant();
        String messageId = "agency-request:" + request.id();
        jdbc.sql("""
                        UPDATE agency_request SET status = :response, returned_at = :at, received_on = :receivedOn,
                               responded_by = :by, message_id = :messageId
                        WHERE id = :id AND status = 'REQUESTED'""")
                .param("response", response)
                .param("at", Timestamp.from(now))
                .param("receivedOn", receivedOn)
                .param("by", caller.userId())
                .param("messageId", messageId)
                .param("id", request.id())
                .update();
        engineCommands.requestPublish(caseId, theCase.processId(), MESSAGE_NAME,
                correlationKey(caseId, requestType, agencyId), messageId, Map.of("agencyResponse", response));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("change", "agency-response-recorded");
        detail.put("agencyRequestId", request.id());
        detail.put("requestType", requestType);
        detail.put("agencyId", agencyId);
        detail.put("response", response);
        detail.put("messageId", messageId);
        audit.record(caller.audit(AuditAction.UPDATE, CaseMessageAudit.RESOURCE, caseId.toString()).withDetail(detail));
        return view(caseId, requestType, agencyId, response, receivedOn, now, messageId, "QUEUED", false);
    }

    /** The newest request of this type to this agency (an IMR may be asked for again as {@code imr-revision}). */
    private Optional<Request> latestRequest(CaseId caseId, String requestType, String agencyId) {
        return jdbc.sql("""
                        SELECT id, status, received_on, returned_at, message_id FROM agency_request
                        WHERE case_id = :caseId AND request_type = :type AND agency_id = :agency
                        ORDER BY requested_at DESC, id DESC LIMIT 1 FOR UPDATE""")
                .param("caseId", caseId.value())
                .param("type", requestType)
                .param("agency", agencyId)
                .query((rs, n) -> new Request(rs.getLong("id"), rs.getString("status"),
                        rs.getObject("received_on", LocalDate.class),
                        rs.getTimestamp("returned_at") == null ? null : rs.getTimestamp("returned_at").toInstant(),
                        rs.getString("message_id")))
                .optional();
    }

    private static AgencyResponseView view(CaseId caseId, String requestType, String agencyId, String response,
                                           LocalDate receivedOn, Instant respondedAt, String messageId, String delivery,
                                           boolean repeat) {
        return new AgencyResponseView(caseId.toString(), requestType, agencyId, response,
                receivedOn == null ? null : receivedOn.toString(), respondedAt == null ? null : respondedAt.toString(),
                messageId, delivery, repeat);
    }

    private record Request(long id, String status, LocalDate receivedOn, Instant respondedAt, String messageId) {
    }
}
