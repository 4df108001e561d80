package org.opensafeguarding.workflow.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Reads the audit trail for auditors: rows of given tenants, filtered, newest (highest id) first. */
@Component
public class AuditTrail {

    public static final int MAX_PAGE_SIZE = 200;

    /**
     * Filters combine; null means any. The period is {@code from} (inclusive) to {@code to} (exclusive) by
     * occurred_at.
     */
    public record Query(UUID caseId, String actor, Instant from, Instant to, int page, int size) {
        public Query {
            if (page < 0) {
                throw new IllegalArgumentException("page must not be negative");
            }
            if (size < 1 || size > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("size must be 1 to " + MAX_PAGE_SIZE);
            }
        }
    }

    /** One audit row as the auditor API shows it; the row id is a string of digits, as every key the API shows. */
    public record Entry(@JsonFormat(shape = JsonFormat.Shape.STRING)
                        @Schema(type = "string", pattern = "^[0-9]{1,19}$", description = "the row's id")
                        long id, Instant occurredAt, String actor, String role, String tenant, UUID caseId,
                        String clientId, String action, String outcome, String resourceType, String resourceId,
                        JsonNode detail, String rowHash) {
    }

    public record Page(List<Entry> items, int page, int size, boolean hasMore) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public AuditTrail(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The rows of these tenants only; rows with no tenant are never shown here. */
    public Page search(Collection<String> tenants, Query query) {
        Objects.requireNonNull(query, "query");
        if (tenants == null || tenants.isEmpty()) {
            return new Page(List.of(), query.page(), query.size(), false);
        }
        StringBuilder sql = new StringBuilder("""
                SELECT id, occurred_at, actor, role, tenant, case_id, client_id, action, outcome, resource_type,
                       resource_id, detail::text AS detail, row_hash
                FROM audit_log
                WHERE tenant IN (:tenants)
                """);
        MapSqlParameterSource params = new MapSqlParameterSource("tenants", List.copyOf(tenants));
        if (query.caseId() != null) {
            sql.append(" AND case_id = :caseId");
            params.addValue("caseId", query.caseId());
        }
        if (query.actor() != null) {
            sql.append(" AND actor = :actor");
            params.addValue("actor", query.actor());
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= :from");
            params.addValue("from", OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < :to");
            params.addValue("to", OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
        }
        // one more than the page holds tells whether there is a next page, without counting the whole trail
        sql.append(" ORDER BY id DESC LIMIT :limit OFFSET :offset");
        params.addValue("limit", query.size() + 1).addValue("offset", (long) query.page() * query.size());
        List<Entry> rows = jdbc.query(sql.toString(), params, (rs, n) -> new Entry(rs.getLong("id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
                rs.getString("role"), rs.getString("tenant"), rs.getObject("case_id", UUID.class),
                rs.getString("client_id"), rs.getString("action"), rs.getString("outcome"),
                rs.getString("resource_type"), rs.getString("resource_id"), parse(rs.getString("detail")),
                rs.getString("row_hash")));
        boolean more = rows.size() > query.size();
        return new Page(more ? List.copyOf(rows.subList(0, query.size())) : rows, query.page(), query.size(), more);
    }

    private JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit detail is not JSON", e);
        }
    }
}
