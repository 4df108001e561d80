package org.opensafeguarding.workflow.retention;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.audit.AuditTestDatabase;
import org.opensafeguarding.workflow.processes.support.TestClock;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention sweeps on a migrated workflow database, run as the service's own role: rows finished longer ago than
 * their table's retention go, in batches; newer ones and unfinished ones (unpublished, pending) stay, however old.
 * Time moves with the service's clock, not by waiting.
 */
class RetentionSweepsTest {

    private AuditTestDatabase db;
    private JdbcClient jdbc;
    private final TestClock clock = new TestClock();
    private UUID caseId;

    @BeforeEach
    void database() {
        db = AuditTestDatabase.migrated("retention");
        jdbc = db.jdbc();
        caseId = db.insertCase("leeds");
    }

    @Test
    void deletesOnlyFinishedRowsOlderThanTheirTablesRetentionInBatches() {
        // batch of 2 with 3 old rows per table: the sweep must loop, not stop after one batch
        RetentionProperties properties = new RetentionProperties(Duration.ofDays(7), Duration.ofDays(3),
                Duration.ofDays(30), Duration.ofDays(90), 2, Duration.ofHours(1));
        RetentionSweeps sweeps = new RetentionSweeps(jdbc, clock, properties);
        for (int i = 0; i < 3; i++) {
            outboxEvent("old-" + i, true);
            receipt("old-" + i, true);
            engineCommand("old-" + i, true);
            workerJob(1000 + i);
        }
        outboxEvent("old-unpublished", false);
        receipt("old-unpublished", false);
        engineCommand("old-pending", false);

        // nothing is old yet
        assertThat(sweeps.sweep()).containsOnly(Map.entry("outbox_event", 0), Map.entry("referral_receipt", 0),
                Map.entry("engine_command", 0), Map.entry("worker_job", 0));

        clock.advance(Duration.ofDays(8));
        // written "now" on the moved clock's day: younger than every retention
        outboxEvent("new", true);
        receipt("new", true);
        engineCommand("new", true);
        workerJob(2000);
        jdbc.sql("UPDATE outbox_event SET published_at = :at WHERE partition_key = 'new'")
                .param("at", java.sql.Timestamp.from(clock.instant())).update();
        jdbc.sql("UPDATE referral_receipt SET published_at = :at WHERE record_key = 'new'")
                .param("at", java.sql.Timestamp.from(clock.instant())).update();
        jdbc.sql("UPDATE engine_command SET done_at = :at WHERE dedupe_key = 'new'")
                .param("at", java.sql.Timestamp.from(clock.instant())).update();
        jdbc.sql("UPDATE worker_job SET handled_at = :at WHERE job_key = 2000")
                .param("at", java.sql.Timestamp.from(clock.instant())).update();

        // 8 days on: past the outbox's 7 and the receipts' 3, not the commands' 30 or the jobs' 90
        assertThat(sweeps.sweep()).containsOnly(Map.entry("outbox_event", 3), Map.entry("referral_receipt", 3),
                Map.entry("engine_command", 0), Map.entry("worker_job", 0));
        assertThat(keys("SELECT partition_key FROM outbox_event ORDER BY id")).containsExactly("old-unpublished", "new");
        assertThat(keys("SELECT record_key FROM referral_receipt ORDER BY id")).containsExactly("old-unpublished", "new");

        clock.advance(Duration.ofDays(83)); // 91 days after the first rows, 83 after the new ones
        assertThat(sweeps.sweep()).containsOnly(Map.entry("outbox_event", 1), Map.entry("referral_receipt", 1),
                Map.entry("engine_command", 4), Map.entry("worker_job", 3));
        assertThat(keys("SELECT partition_key FROM outbox_event")).containsExactly("old-unpublished");
        assertThat(keys("SELECT dedupe_key FROM engine_command")).containsExactly("old-pending");
        assertThat(jdbc.sql("SELECT job_key FROM worker_job").query(Long.class).list()).containsExactly(2000L);
    }

    @Test
    void aRetentionThatIsNotPositiveIsRefusedNamingTheSetting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RetentionProperties(null, null, Duration.ZERO,
                        null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("safeguarding.retention.engine-commands must be positive");
    }

    private List<String> keys(String sql) {
        return jdbc.sql(sql).query(String.class).list();
    }

    private void outboxEvent(String key, boolean published) {
        jdbc.sql("INSERT INTO outbox_event (event_id, case_id, partition_key, event_type, envelope, published_at) "
                        + "VALUES (:id, :case, :key, 'test', '{}', " + (published ? "now()" : "NULL") + ")")
                .param("id", UUID.randomUUID()).param("case", caseId).param("key", key).update();
    }

    private void receipt(String key, boolean published) {
        jdbc.sql("INSERT INTO referral_receipt (record_key, envelope, published_at) VALUES (:key, '{}', "
                + (published ? "now()" : "NULL") + ")").param("key", key).update();
    }

    private void engineCommand(String key, boolean done) {
        jdbc.sql("INSERT INTO engine_command (case_id, kind, process_id, dedupe_key, variables, status, done_at) "
                        + "VALUES (:case, 'START', 'p', :key, '{}', :status, " + (done ? "now()" : "NULL") + ")")
                .param("case", caseId).param("key", key).param("status", done ? "DONE" : "PENDING").update();
    }

    private void workerJob(long key) {
        jdbc.sql("INSERT INTO worker_job (job_key, job_type, process_instance_key, element_id, result, handled_at) "
                + "VALUES (:key, 't', 1, 'e', '{}', now())").param("key", key).update();
    }
}
