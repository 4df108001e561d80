package org.opensafeguarding.workflow.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes to audit_log in the caller's transaction, so an audited change and its audit row commit or roll back
 * together. Details hold ids and codes, never the personal data itself.
 *
 * <p>The table is append-only and hash-chained (docs/security.md, "Audit trail"): its trigger gives each row the
 * next id, the database clock and its link in the chain, under a lock that orders all audit writers until the
 * writing transaction ends. So that the lock is held for as short a time as possible, and never while the
 * transaction goes on to wait for other locks (which could deadlock), the rows of a transaction are written just
 * before it commits, after all of its other work; the arguments are checked at once. Outside a synchronised
 * transaction the row is written at once.
 */
@Component
public class AuditLog {

    private static final Pattern UUID_TEXT =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** Resource types whose id is a case id. */
    private static final Set<String> CASE_RESOURCES = Set.of("case", "case_file", "case_access");

    private static final String INSERT = """
            INSERT INTO audit_log (actor, action, resource_type, resource_id, detail, role, tenant, case_id, client_id,
                                   outcome)
            VALUES (:actor, :action, :type, :id, CAST(:detail AS JSONB), :role,
                    COALESCE(CAST(:tenant AS VARCHAR), (SELECT c.tenant FROM case_file c WHERE c.id = :caseId)),
                    :caseId, :clientId, :outcome)
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public AuditLog(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, AuditAction action, String resourceType, String resourceId, Map<String, ?> detail) {
        record(AuditEntry.of(actor, action, resourceType, resourceId).withDetail(detail));
    }

    /**
     * Records one row. The case is the entry's {@code caseId}; else the resource itself when its type is
     * {@code case}, {@code case_file} or {@code case_access}; else the {@code caseId} its detail names. The tenant is
     * the entry's, else the case's. The outcome is the entry's, else the one its action implies.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditEntry entry) {
        SqlParameterSource row = row(entry);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            insert(List.of(row));
            return;
        }
        PendingRows pending = null;
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof PendingRows p && p.owner() == this) {
                pending = p;
                break;
            }
        }
        if (pending != null && pending.written) {
            // recorded by a synchronisation that runs after ours, at commit: too late to wait
            insert(List.of(row));
            return;
        }
        if (pending == null) {
            if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
                // would fail at commit, after the work it audits; fail here as a direct insert always did
                throw new IllegalStateException("audit rows cannot be written in a read-only transaction");
            }
            pending = new PendingRows();
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.rows.add(row);
    }

    private SqlParameterSource row(AuditEntry e) {
        String detailJson;
        try {
            detailJson = e.detail() == null ? null : json.writeValueAsString(e.detail());
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("audit detail is not serialisable", ex);
        }
        return new MapSqlParameterSource()
                .addValue("actor", required(e.actor(), "actor", 200))
                .addValue("action", e.action().name())
                .addValue("type", required(e.resourceType(), "resourceType", 100))
                .addValue("id", required(e.resourceId(), "resourceId", 200))
                .addValue("detail", detailJson)
                .addValue("role", optional(e.role(), "role", 500))
                .addValue("tenant", optional(e.tenant(), "tenant", 100), Types.VARCHAR)
                .addValue("caseId", caseIdOf(e), Types.OTHER)
                .addValue("clientId", optional(e.clientId(), "clientId", 200))
                .addValue("outcome", (e.outcome() == null ? AuditOutcome.of(e.action()) : e.outcome()).name());
    }

    static UUID caseIdOf(AuditEntry e) {
        if (e.caseId() != null) {
            return e.caseId();
        }
        if (CASE_RESOURCES.contains(e.resourceType()) && isUuid(e.resourceId())) {
            return UUID.fromString(e.resourceId());
        }
        Object named = e.detail() == null ? null : e.detail().get("caseId");
        return named != null && isUuid(named.toString()) ? UUID.fromString(named.toString()) : null;
    }

    private static boolean isUuid(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }

    private static String required(String value, String name, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("audit " + name + " is required");
        }
        return optional(value, name, max);
    }

    private static String optional(String value, String name, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException("audit " + name + " is longer than " + max + " characters");
        }
        return value;
    }

    private void insert(List<SqlParameterSource> rows) {
        if (rows.size() == 1) {
            jdbc.update(INSERT, rows.get(0));
        } else if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows.toArray(SqlParameterSource[]::new));
        }
    }

    /** The rows of one transaction, written when it is about to commit; after everything else that runs then. */
    private final class PendingRows implements TransactionSynchronization {
        final List<SqlParameterSource> rows = new ArrayList<>();
        boolean written;

        AuditLog owner() {
            return AuditLog.this;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            written = true;
            insert(rows);
        }
    }
}
