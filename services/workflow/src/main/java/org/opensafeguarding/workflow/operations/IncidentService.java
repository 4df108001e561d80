package org.opensafeguarding.workflow.operations;

import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.response.Incident;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditEntry;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Open incidents for operators and their retry. An incident of a case is shown only to operators acting for the
 * case's partnership; one of an instance that belongs to no case here (none should) is shown without a case. Error
 * messages are the engine's: workers write them from job type, element and exception class or a rule's own text,
 * never from case data (docs/workers.md), and they are cut to a length a page can show.
 */
@Service
class IncidentService {

    static final int MAX_MESSAGE = 500;
    static final int DEFAULT_RETRIES = 1;
    static final int MAX_RETRIES = 10;

    private final EngineIncidents engine;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    IncidentService(EngineIncidents engine, JdbcClient jdbc, AuditLog audit, TransactionTemplate transactions) {
        this.engine = engine;
        this.jdbc = jdbc;
        this.audit = audit;
        this.transactions = transactions;
    }

    record CaseOfInstance(UUID caseId, String tenant) {
    }

    record ShownIncident(Incident incident, UUID caseId, String errorMessage) {
    }

    record Retried(long incidentKey, Long jobKey, Integer retries, UUID caseId) {
    }

    List<ShownIncident> open(Caller caller) {
        List<Incident> active = engine.active();
        Map<Long, CaseOfInstance> cases = casesOf(active.stream().map(Incident::getProcessInstanceKey).toList());
        List<ShownIncident> shown = new ArrayList<>();
        for (Incident incident : active) {
            CaseOfInstance theCase = cases.get(incident.getProcessInstanceKey());
            if (theCase != null && !caller.tenants().contains(theCase.tenant())) {
                continue;
            }
            shown.add(new ShownIncident(incident, theCase == null ? null : theCase.caseId(),
                    shortened(incident.getErrorMessage())));
        }
        transactions.executeWithoutResult(status -> audit.record(caller.audit(AuditAction.READ, "engine_incident", "list")
                .withDetail(Map.of("incidentKeys", shown.stream().map(s -> Long.toString(s.incident().getIncidentKey()))
                        .toList()))));
        return shown;
    }

    Retried retry(Caller caller, long incidentKey, Integer requestedRetries) {
        int retries = requestedRetries == null ? DEFAULT_RETRIES : requestedRetries;
        if (retries < 1 || retries > MAX_RETRIES) {
            throw new OperationsRefused(HttpStatus.BAD_REQUEST, "invalid-request", "retries must be between 1 and "
                    + MAX_RETRIES);
        }
        Incident incident = engine.find(incidentKey).orElseThrow(() -> unknown(incidentKey));
        CaseOfInstance theCase = casesOf(List.of(incident.getProcessInstanceKey())).get(incident.getProcessInstanceKey());
        if (theCase != null && !caller.tenants().contains(theCase.tenant())) {
            // another partnership's incident is answered as if it did not exist, as its cases are
            throw unknown(incidentKey);
        }
        if (incident.getState() != IncidentState.ACTIVE) {
            throw new OperationsRefused(HttpStatus.CONFLICT, "incident-not-active", "Incident " + incidentKey
                    + " is " + String.valueOf(incident.getState()).toLowerCase());
        }
        Long jobKey = incident.getJobKey();
        if (jobKey != null) {
            engine.setRetries(jobKey, retries);
        }
        engine.resolve(incidentKey);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("caseId", theCase == null ? null : theCase.caseId().toString());
        detail.put("processInstanceKey", Long.toString(incident.getProcessInstanceKey()));
        detail.put("jobKey", jobKey == null ? null : Long.toString(jobKey));
        detail.put("retries", jobKey == null ? null : retries);
        detail.put("errorType", String.valueOf(incident.getErrorType()));
        detail.put("change", "retried");
        AuditEntry entry = caller.audit(AuditAction.UPDATE, "engine_incident", Long.toString(incidentKey))
                .withDetail(detail);
        AuditEntry row = theCase == null ? entry : entry.withTenant(theCase.tenant()).withCaseId(theCase.caseId());
        transactions.executeWithoutResult(status -> audit.record(row));
        return new Retried(incidentKey, jobKey, jobKey == null ? null : retries, theCase == null ? null : theCase.caseId());
    }

    private Map<Long, CaseOfInstance> casesOf(List<Long> instanceKeys) {
        Map<Long, CaseOfInstance> out = new HashMap<>();
        if (instanceKeys.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT process_instance_key, id, tenant FROM case_file WHERE process_instance_key IN (:keys)")
                .param("keys", instanceKeys.stream().distinct().toList())
                .query((rs, n) -> out.put(rs.getLong("process_instance_key"),
                        new CaseOfInstance(rs.getObject("id", UUID.class), rs.getString("tenant"))))
                .list();
        return out;
    }

    private static String shortened(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE - 3) + "...";
    }

    private static OperationsRefused unknown(long incidentKey) {
        return new OperationsRefused(HttpStatus.NOT_FOUND, "unknown-incident", "No incident " + incidentKey);
    }
}
