package org.opensafeguarding.workflow.audit;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Walks the audit trail's hash chain in id order and reports the first place it breaks (docs/security.md, "Audit
 * trail"): a row whose contents no longer give its row_hash (changed after it was written), a row whose prev_hash is
 * not the row_hash of the row before it (rows removed or slipped in between), a chain that ends before the row the
 * chain head names (rows removed at the end), and rows beyond the head (written with the chain switched off). Ids
 * are not expected to be contiguous: rows from before the chain may have gaps from rolled-back transactions, so
 * deletion is told by the chain alone.
 *
 * <p>It recomputes every hash in Java ({@link AuditRowHash}) and needs only SELECT on audit_log and audit_chain_head.
 * Rows are read in batches, so a long trail needs no long transaction; rows written while it runs (after the head it
 * read first) are left for the next run.
 */
@Component
public class AuditChainVerifier {

    private static final int BATCH = 1000;

    public enum Problem {
        /** The row's fields do not hash to its row_hash: it was changed after it was written. */
        ROW_ALTERED,
        /** The row's prev_hash is not the row_hash of the row before it (or the genesis hash for the first row). */
        CHAIN_BROKEN,
        /** The chain ends before the row the chain head names. */
        ROWS_MISSING_AT_END,
        /** A row with an id beyond the chain head's: written with the chain's trigger switched off. */
        ROW_OUTSIDE_CHAIN,
        /** There is no chain head: the table was not migrated, or the head was removed. */
        NO_CHAIN_HEAD
    }

    /**
     * @param verified         true when the whole chain up to {@code lastRowId} holds
     * @param rowsChecked      rows whose hash and link were checked before the first problem (all of them if none)
     * @param firstBrokenRowId the row at which the chain breaks; for rows missing at the end, the first missing id
     * @param problem          what is wrong there, in words; null when verified
     * @param problemCode      the same as a code
     * @param lastRowId        the last row of the chain as verified (note it with {@code lastRowHash} somewhere outside
     *                         the database: a later run that still passes through it shows nothing before it changed)
     */
    public record Result(boolean verified, long rowsChecked,
                         @JsonFormat(shape = JsonFormat.Shape.STRING)
                         @Schema(type = "string", pattern = "^[0-9]{1,19}$") Long firstBrokenRowId,
                         String problem, Problem problemCode,
                         @JsonFormat(shape = JsonFormat.Shape.STRING)
                         @Schema(type = "string", pattern = "^[0-9]{1,19}$") Long lastRowId,
                         String lastRowHash) {

        static Result ok(long rows, Long lastId, String lastHash) {
            return new Result(true, rows, null, null, null, lastId, lastHash);
        }

        static Result broken(long rows, long at, Problem code, String problem) {
            return new Result(false, rows, at, problem, code, null, null);
        }
    }

    private record Row(AuditRowHash.Fields fields, String rowHash) {
        long id() {
            return fields.id();
        }
    }

    private record Head(long lastId, String lastHash) {
    }

    private final JdbcClient jdbc;

    public AuditChainVerifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Result verify() {
        Optional<Head> head = jdbc.sql("SELECT last_id, last_hash FROM audit_chain_head")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).optional();
        if (head.isEmpty()) {
            return Result.broken(0, 0, Problem.NO_CHAIN_HEAD,
                    "audit_chain_head has no row: the chain cannot be checked (was the table migrated?)");
        }
        long checked = 0;
        long previousId = 0;
        String previousHash = AuditRowHash.GENESIS;
        while (true) {
            List<Row> batch = batchAfter(previousId, head.get().lastId());
            for (Row row : batch) {
                String expected = AuditRowHash.of(row.fields());
                if (!expected.equals(row.rowHash())) {
                    return Result.broken(checked, row.id(), Problem.ROW_ALTERED, "row " + row.id()
                            + ": its row_hash does not match its contents, so it was changed after it was written");
                }
                if (!previousHash.equals(row.fields().prevHash())) {
                    return Result.broken(checked, row.id(), Problem.CHAIN_BROKEN, previousId == 0
                            ? "row " + row.id() + " is the first row but does not start from the genesis hash: "
                              + "rows before it were removed"
                            : "row " + row.id() + ": its prev_hash is not the row_hash of row " + previousId
                              + ", the row before it: rows between them were removed, or row " + previousId
                              + " was rewritten or slipped in");
                }
                checked++;
                previousId = row.id();
                previousHash = row.rowHash();
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        if (previousId != head.get().lastId() || !previousHash.equals(head.get().lastHash())) {
            return Result.broken(checked, previousId + 1, Problem.ROWS_MISSING_AT_END, "the chain head names row "
                    + head.get().lastId() + " as the last, but the chain ends at " + (previousId == 0 ? "no row"
                    : "row " + previousId) + ": rows at the end were removed, or the head was changed");
        }
        // one statement, one snapshot: a row written properly moves the head in its own transaction, so any row
        // beyond the head seen together with it was written around the chain
        Optional<Long> outside = jdbc.sql("""
                        SELECT a.id FROM audit_log a, audit_chain_head h WHERE a.id > h.last_id ORDER BY a.id LIMIT 1""")
                .query(Long.class).optional();
        if (outside.isPresent()) {
            return Result.broken(checked, outside.get(), Problem.ROW_OUTSIDE_CHAIN, "row " + outside.get()
                    + " has an id beyond the chain head's: it was written with the chain switched off");
        }
        return Result.ok(checked, previousId == 0 ? null : previousId, previousId == 0 ? null : previousHash);
    }

    private List<Row> batchAfter(long afterId, long lastId) {
        return jdbc.sql("""
                        SELECT id, occurred_at, actor, action, resource_type, resource_id, detail::text AS detail, role,
                               tenant, case_id, client_id, outcome, prev_hash, row_hash
                        FROM audit_log WHERE id > :after AND id <= :last ORDER BY id LIMIT :batch
                        """)
                .param("after", afterId).param("last", lastId).param("batch", BATCH)
                .query((rs, n) -> {
                    OffsetDateTime at = rs.getObject("occurred_at", OffsetDateTime.class);
                    return new Row(new AuditRowHash.Fields(rs.getLong("id"), at == null ? null : at.toInstant(),
                            rs.getString("actor"), rs.getString("action"), rs.getString("resource_type"),
                            rs.getString("resource_id"), rs.getString("detail"), rs.getString("role"),
                            rs.getString("tenant"), rs.getObject("case_id", UUID.class), rs.getString("client_id"),
                            rs.getString("outcome"), rs.getString("prev_hash")), rs.getString("row_hash"));
                })
                .list();
    }
}
