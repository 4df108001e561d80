package org.opensafeguarding.workflow.audit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.audit.AuditChainVerifier.Problem;
import org.opensafeguarding.workflow.audit.AuditChainVerifier.Result;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tampering that only a superuser can do (the trigger switched off first), and what the verifier says about it. Each
 * test has a trail of 2500 rows, so the walk crosses its batch boundaries.
 */
class AuditChainVerifierTest {

    static final int ROWS = 2500;

    AuditTestDatabase db;

    @BeforeEach
    void trail() {
        db = AuditTestDatabase.migrated("audit_verify");
        db.transactions().executeWithoutResult(s -> {
            for (int i = 1; i <= ROWS; i++) {
                db.audit().record("user:u" + (i % 7), AuditAction.READ, "case_task", Integer.toString(i), null);
            }
        });
    }

    @Test
    void anIntactChainVerifies() {
        Result result = db.verifier().verify();

        assertThat(result.verified()).isTrue();
        assertThat(result.rowsChecked()).isEqualTo(ROWS);
        assertThat(result.firstBrokenRowId()).isNull();
        assertThat(result.lastRowId()).isEqualTo((long) ROWS);
        assertThat(result.lastRowHash()).isEqualTo(
                db.jdbc().sql("SELECT row_hash FROM audit_log WHERE id = " + ROWS).query(String.class).single());
    }

    @Test
    void aChangedRowIsReportedWithItsId() {
        db.tamper("UPDATE audit_log SET detail = '{\"n\": \"rewritten\"}' WHERE id = 1234");

        Result result = db.verifier().verify();

        assertThat(result.verified()).isFalse();
        assertThat(result.problemCode()).isEqualTo(Problem.ROW_ALTERED);
        assertThat(result.firstBrokenRowId()).isEqualTo(1234L);
        assertThat(result.rowsChecked()).isEqualTo(1233);
        assertThat(result.problem()).contains("row 1234");
    }

    @Test
    void aChangedRowWithARecomputedHashBreaksTheLinkToTheNextRow() {
        db.tamper("""
                UPDATE audit_log SET actor = 'user:someone-else',
                    row_hash = audit_row_hash(id, occurred_at, 'user:someone-else', action, resource_type, resource_id,
                                              detail, role, tenant, case_id, client_id, outcome, prev_hash)
                WHERE id = 1000""");

        Result result = db.verifier().verify();

        assertThat(result.problemCode()).isEqualTo(Problem.CHAIN_BROKEN);
        assertThat(result.firstBrokenRowId()).isEqualTo(1001L);
        assertThat(result.problem()).contains("row 1000");
    }

    @Test
    void aDeletedRowIsReportedAtTheRowAfterIt() {
        db.tamper("DELETE FROM audit_log WHERE id = 1500");

        Result result = db.verifier().verify();

        assertThat(result.problemCode()).isEqualTo(Problem.CHAIN_BROKEN);
        assertThat(result.firstBrokenRowId()).isEqualTo(1501L);
        assertThat(result.rowsChecked()).isEqualTo(1499);
        assertThat(result.problem()).contains("row 1499").contains("removed");
    }

    @Test
    void deletedFirstRowsAreReported() {
        db.tamper("DELETE FROM audit_log WHERE id <= 2");

        Result result = db.verifier().verify();

        assertThat(result.problemCode()).isEqualTo(Problem.CHAIN_BROKEN);
        assertThat(result.firstBrokenRowId()).isEqualTo(3L);
        assertThat(result.problem()).contains("genesis");
    }

    @Test
    void deletedLastRowsAreReportedByTheChainHead() {
        db.tamper("DELETE FROM audit_log WHERE id > " + (ROWS - 3));

        Result result = db.verifier().verify();

        assertThat(result.problemCode()).isEqualTo(Problem.ROWS_MISSING_AT_END);
        assertThat(result.firstBrokenRowId()).isEqualTo(ROWS - 2L);
        assertThat(result.rowsChecked()).isEqualTo(ROWS - 3);
    }

    @Test
    void aTruncatedTrailIsReported() {
        db.tamper("TRUNCATE audit_log");

        Result result = db.verifier().verify();

        assertThat(result.problemCode()).isEqualTo(Problem.ROWS_MISSING_AT_END);
        assertThat(result.firstBrokenRowId()).isEqualTo(1L);
        assertThat(result.rowsChecked()).isZero();
    }

    @Test
    void aReplacedRowIsReported() {
        // a forged row in the place of row 2000, with a correct hash and the right link to row 1999
        db.tamper("""
                DELETE FROM audit_log WHERE id = 2000;
                ALTER TABLE audit_log DISABLE TRIGGER zz_audit_log_seal;
                INSERT INTO audit_log (id, occurred_at, actor, action, resource_type, resource_id, outcome, prev_hash,
                                       row_hash)
                SELECT 2000, occurred_at, 'user:forger', 'READ', 'case', 'x', 'OK', row_hash,
                       audit_row_hash(2000, occurred_at, 'user:forger', 'READ', 'case', 'x', NULL, NULL, NULL, NULL, NULL,
                                      'OK', row_hash)
                FROM audit_log WHERE id = 1999;
                ALTER TABLE audit_log ENABLE TRIGGER zz_audit_log_seal""");

        Result result = db.verifier().verify();

        assertThat(result.problemCode()).isEqualTo(Problem.CHAIN_BROKEN);
        assertThat(result.firstBrokenRowId()).isEqualTo(2001L);
        assertThat(result.rowsChecked()).isEqualTo(2000);
    }

    @Test
    void aRowWrittenAroundTheChainIsReported() {
        db.tamper("""
                ALTER TABLE audit_log DISABLE TRIGGER zz_audit_log_seal;
                INSERT INTO audit_log (id, actor, action, resource_type, resource_id, outcome, prev_hash, row_hash)
                VALUES (9999, 'user:forger', 'READ', 'case', 'x', 'OK', repeat('1', 64), repeat('2', 64));
                ALTER TABLE audit_log ENABLE TRIGGER zz_audit_log_seal""");

        Result result = db.verifier().verify();

        assertThat(result.problemCode()).isEqualTo(Problem.ROW_OUTSIDE_CHAIN);
        assertThat(result.firstBrokenRowId()).isEqualTo(9999L);
        assertThat(result.rowsChecked()).isEqualTo(ROWS);
    }
}
