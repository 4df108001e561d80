package org.opensafeguarding.workflow.audit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** V8 on a database that already has an audit trail: the rows written before it are the start of the chain. */
class AuditMigrationTest {

    @Test
    void rowsFromBeforeTheChainAreChainedInIdOrderFromTheGenesisHash() {
        AuditTestDatabase db = AuditTestDatabase.created("audit_migration");
        db.migrate("7");
        UUID caseId = UUID.randomUUID();
        var owner = db.owner();
        owner.sql("""
                INSERT INTO case_file (id, case_type, process_id, process_version, tenant, status, trigger_date, opened_at)
                VALUES (:id, 'LADO_ALLEGATION', 'lado', 'LADO-1', 'north', 'OPEN', current_date, now())
                """).param("id", caseId).update();
        // ids with a gap, as a rolled-back transaction leaves one in a BIGSERIAL
        owner.sql("""
                INSERT INTO audit_log (id, occurred_at, actor, action, resource_type, resource_id, detail) VALUES
                  (1, '2024-01-01T09:00:00.123456Z', 'intake', 'CREATE', 'case', :case, '{"eventId": "e-1"}'),
                  (2, '2024-01-01T09:00:01Z', 'user:a', 'READ', 'case_task', '77', CAST(:detail AS JSONB)),
                  (5, '2024-01-02T10:00:00Z', 'user:b', 'DENIED', 'endpoint', '/api/tasks', NULL)
                """).param("case", caseId.toString()).param("detail", "{\"caseId\": \"" + caseId + "\"}").update();
        owner.sql("SELECT setval('audit_log_id_seq', 5)").query().singleValue();

        db.migrate(null);

        List<Map<String, Object>> rows = owner.sql("""
                SELECT id, case_id, tenant, outcome, prev_hash FROM audit_log ORDER BY id""").query().listOfRows();
        assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 5L);
        assertThat(rows.get(0)).containsEntry("case_id", caseId).containsEntry("tenant", "north")
                .containsEntry("outcome", "OK").containsEntry("prev_hash", AuditRowHash.GENESIS);
        assertThat(rows.get(1)).containsEntry("case_id", caseId).containsEntry("tenant", "north");
        assertThat(rows.get(2)).containsEntry("case_id", null).containsEntry("outcome", "DENIED");
        assertThat(db.verifier().verify()).satisfies(r -> {
            assertThat(r.verified()).isTrue();
            assertThat(r.rowsChecked()).isEqualTo(3);
            assertThat(r.lastRowId()).isEqualTo(5L);
        });

        // the chain goes on from the last old row, and the old timestamps stay as they were
        db.record("user:c", "after");
        assertThat(owner.sql("SELECT id FROM audit_log ORDER BY id DESC LIMIT 1").query(Long.class).single())
                .isEqualTo(6L);
        assertThat(owner.sql("SELECT occurred_at = '2024-01-01T09:00:00.123456Z' FROM audit_log WHERE id = 1")
                .query(Boolean.class).single()).isTrue();
        assertThat(db.verifier().verify().verified()).isTrue();
    }

    @Test
    void anEmptyTrailStartsTheChainAtTheMigration() {
        AuditTestDatabase db = AuditTestDatabase.migrated("audit_migration_empty");

        assertThat(db.verifier().verify()).isEqualTo(new AuditChainVerifier.Result(true, 0, null, null, null, null, null));
        db.record("user:a", "1");
        assertThat(db.jdbc().sql("SELECT prev_hash FROM audit_log WHERE id = 1").query(String.class).single())
                .isEqualTo(AuditRowHash.GENESIS);
    }
}
