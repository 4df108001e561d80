package org.opensafeguarding.workflow.operations;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.monitoring.Backlog;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Engine commands the engine refused ({@code EngineCommandDispatcher} parks them as REFUSED), for operators: list
 * them, and send one again once its cause is fixed. An operator sees and retries only the commands of their own
 * partnerships' cases. What is shown names the command, its case and the engine's answer; the command's variables
 * are not shown (they are the case's routing facts, and the case page is where a case is read).
 */
@Service
class RefusedCommands {

    static final int MAX_LISTED = 1000;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Backlog backlog;

    RefusedCommands(JdbcClient jdbc, AuditLog audit, TransactionTemplate transactions, Backlog backlog) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transactions = transactions;
        this.backlog = backlog;
    }

    /**
     * @param processId   the process it starts or is meant to reach
     * @param messageName for a published message; null for a start
     * @param refusal     the engine's answer: INVALID_ARGUMENT, NOT_FOUND or INVALID_STATE
     * @param error       the last failure, as the dispatcher stored it (exception types and the clients' messages)
     */
    record Refused(long commandId, UUID caseId, String kind, String processId, String messageName, String refusal,
                   String error, int attempts, Instant createdAt, Instant refusedAt) {
    }

    record Listing(List<Refused> items, boolean truncated) {
    }

    Listing list(Caller caller) {
        List<Refused> found = caller.tenants().isEmpty() ? List.of() : jdbc.sql("""
                        SELECT e.id, e.case_id, e.kind, e.process_id, e.message_name, e.refusal, e.last_error, e.attempts,
                               e.created_at, e.refused_at
                        FROM engine_command e JOIN case_file c ON c.id = e.case_id
                        WHERE e.status = 'REFUSED' AND c.tenant IN (:tenants)
                        ORDER BY e.refused_at, e.id LIMIT :n
                        """)
                .param("tenants", caller.tenants())
                .param("n", MAX_LISTED + 1)
                .query((rs, n) -> new Refused(rs.getLong("id"), rs.getObject("case_id", UUID.class),
                        rs.getString("kind"), rs.getString("process_id"), rs.getString("message_name"),
                        rs.getString("refusal"), rs.getString("last_error"), rs.getInt("attempts"),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("refused_at").toInstant()))
                .list();
        boolean truncated = found.size() > MAX_LISTED;
        List<Refused> shown = truncated ? found.subList(0, MAX_LISTED) : found;
        transactions.executeWithoutResult(status -> audit.record(caller.audit(AuditAction.READ, "engine_command", "list")
                .withDetail(Map.of("commandIds", shown.stream().map(r -> Long.toString(r.commandId())).toList()))));
        return new Listing(shown, truncated);
    }

    record SentAgain(long commandId, UUID caseId) {
    }

    private record Row(String status, UUID caseId, String tenant, String kind, String refusal) {
    }

    /** Makes a refused command PENDING again, due at once; the dispatcher's next run sends it. */
    SentAgain retry(Caller caller, long commandId) {
        SentAgain done = transactions.execute(status -> {
            Row row = jdbc.sql("""
                            SELECT e.status, e.case_id, c.tenant, e.kind, e.refusal
                            FROM engine_command e JOIN case_file c ON c.id = e.case_id
                            WHERE e.id = :id FOR UPDATE OF e
                            """)
                    .param("id", commandId)
                    .query((rs, n) -> new Row(rs.getString("status"), rs.getObject("case_id", UUID.class),
                            rs.getString("tenant"), rs.getString("kind"), rs.getString("refusal")))
                    .optional()
                    // another partnership's command is answered as if it did not exist, as its cases are
                    .filter(r -> caller.tenants().contains(r.tenant()))
                    .orElseThrow(() -> new OperationsRefused(HttpStatus.NOT_FOUND, "unknown-command",
                            "No refused engine command " + commandId));
            if (!"REFUSED".equals(row.status())) {
                throw new OperationsRefused(HttpStatus.CONFLICT, "command-not-refused", "Engine command " + commandId
                        + " is " + row.status().toLowerCase() + ", not refused");
            }
            jdbc.sql("""
                    UPDATE engine_command SET status = 'PENDING', refusals = 0, refusal = NULL, refused_at = NULL,
                           next_attempt_at = now()
                    WHERE id = :id
                    """).param("id", commandId).update();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("change", "sent-again");
            detail.put("kind", row.kind());
            detail.put("refusal", row.refusal());
            audit.record(caller.audit(AuditAction.UPDATE, "engine_command", Long.toString(commandId))
                    .withTenant(row.tenant()).withCaseId(row.caseId()).withDetail(detail));
            return new SentAgain(commandId, row.caseId());
        });
        // health and the gauge read the last count: recount now rather than at the next refresh
        backlog.refresh();
        return done;
    }
}
