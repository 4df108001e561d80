package org.opensafeguarding.workflow.notices;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code agency-request.send}: an information request to one agency, recorded in {@code agency_request} (V4) as
 * REQUESTED with its due date. Like notices, the request is queued for delivery; the answer comes back as message
 * {@code agency-request.returned} (docs/processes.md §1.5).
 */
@Service
public class AgencyRequests {

    public static final List<String> REQUEST_TYPES = List.of("cdr-reporting-form", "scr-agency-information", "imr",
            "imr-revision", "rr-agency-summary");

    private static final Pattern AGENCY_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$");

    private final JdbcClient jdbc;
    private final CaseRepository cases;
    private final AuditLog audit;

    public AgencyRequests(JdbcClient jdbc, CaseRepository cases, AuditLog audit) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.audit = audit;
    }

    /** @param dueAt when the answer is due, if the step has a due date; @return true when recorded by this call */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean request(CaseId caseId, long jobKey, String requestType, String agencyId, Instant dueAt, Instant now,
                           String actor) {
        if (!REQUEST_TYPES.contains(requestType)) {
            throw new InvalidCaseDataException("header requestType: '" + requestType + "' is not one of " + REQUEST_TYPES);
        }
        if (agencyId == null || !AGENCY_ID.matcher(agencyId).matches()) {
            throw new InvalidCaseDataException("agencyId: missing or not an agency id; the multi-instance element"
                    + " variable must be one of the tenant's agency ids (agencyOptions values)");
        }
        cases.require(caseId);
        int inserted = jdbc.sql("""
                INSERT INTO agency_request (case_id, job_key, request_type, agency_id, due_at, status, requested_at)
                VALUES (:caseId, :jobKey, :type, :agency, :due, 'REQUESTED', :at)
                ON CONFLICT (job_key) DO NOTHING
                """)
                .param("caseId", caseId.value())
                .param("jobKey", jobKey)
                .param("type", requestType)
                .param("agency", agencyId)
                .param("due", dueAt == null ? null : Timestamp.from(dueAt))
                .param("at", Timestamp.from(now))
                .update();
        if (inserted == 1) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("change", "agency-request-sent");
            detail.put("requestType", requestType);
            detail.put("agencyId", agencyId);
            detail.put("dueAt", dueAt == null ? null : dueAt.toString());
            detail.put("jobKey", jobKey);
            audit.record(actor, AuditAction.CREATE, "case", caseId.toString(), detail);
        }
        return inserted == 1;
    }
}
