package org.opensafeguarding.workflow.audit;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring Boot wired as in production: Flyway migrates as the owner ({@code spring.flyway.user}), the service's pool
 * connects as {@code workflow_service} ({@code spring.datasource.username}), which may append to the audit trail
 * and read it, and nothing more there.
 */
@SpringBootTest(classes = AuditTestApplication.class, properties = AuditTestApplication.MIGRATIONS)
class AuditServiceRoleTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "audit_role", AuditTestDatabase.SERVICE_ROLE);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transactions;

    @Value("${spring.flyway.url}")
    String ownerUrl;

    @Test
    void theServiceConnectsAsItsRoleAndFlywayMigratedAsTheOwner() {
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("workflow_service");
        assertThat(jdbc.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'").query(String.class)
                .single()).isEqualTo("postgres");
        assertThat(JdbcClient.create(new DriverManagerDataSource(ownerUrl))
                .sql("SELECT max(version::int) FROM flyway_schema_history").query(Integer.class).single())
                .isGreaterThanOrEqualTo(8);
    }

    @Test
    void theServiceAppendsThroughAuditLogAndOnlyInATransaction() {
        long before = rows();
        transactions.executeWithoutResult(s -> audit.record("user:a", AuditAction.READ, "case_task", "1", null));
        assertThat(rows()).isEqualTo(before + 1);
        assertThatThrownBy(() -> audit.record("user:a", AuditAction.READ, "case_task", "2", null))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(rows()).isEqualTo(before + 1);
    }

    private long rows() {
        return jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single();
    }

    @Test
    void theServiceMayNotUpdateDeleteOrTruncateTheTrail() {
        transactions.executeWithoutResult(s -> audit.record("user:a", AuditAction.READ, "case_task", "1", null));
        long before = rows();

        for (String sql : new String[]{"UPDATE audit_log SET actor = 'user:b'", "DELETE FROM audit_log",
                "TRUNCATE audit_log", "UPDATE audit_chain_head SET last_id = 0", "DELETE FROM audit_chain_head",
                "INSERT INTO audit_chain_head VALUES (true, 0, repeat('0', 64))",
                "DELETE FROM flyway_schema_history", "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
                "DROP TRIGGER audit_log_append_only ON audit_log"}) {
            assertThatThrownBy(() -> jdbc.sql(sql).update()).as(sql)
                    .rootCause().isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql).isIn("42501"))
                    .hasMessageContaining(sql.startsWith("ALTER") || sql.startsWith("DROP") ? "must be owner"
                            : "permission denied");
        }
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void theServiceMayReadAndWriteEveryOtherTableIncludingOnesMadeLater() throws SQLException {
        jdbc.sql("""
                INSERT INTO case_file (id, case_type, process_id, process_version, tenant, status, trigger_date, opened_at)
                VALUES (gen_random_uuid(), 'LADO_ALLEGATION', 'lado', 'LADO-1', 'north', 'OPEN', current_date, now())
                """).update();
        assertThat(jdbc.sql("UPDATE case_file SET status = 'CLOSED'").update()).isEqualTo(1);
        assertThat(jdbc.sql("DELETE FROM case_file").update()).isEqualTo(1);
        // a table (and its sequence) made by a later migration, i.e. by the owner after V8: default privileges
        try (Connection owner = DriverManager.getConnection(ownerUrl); Statement s = owner.createStatement()) {
            s.execute("CREATE TABLE audit_test_later (id BIGSERIAL PRIMARY KEY, note TEXT)");
        }
        jdbc.sql("INSERT INTO audit_test_later (note) VALUES ('a')").update();
        assertThat(jdbc.sql("UPDATE audit_test_later SET note = 'b'").update()).isEqualTo(1);
        assertThat(jdbc.sql("DELETE FROM audit_test_later").update()).isEqualTo(1);
    }

    @Test
    void noOneMayChangeTheTrailNotEvenTheOwnerInReplicaMode() throws SQLException {
        transactions.executeWithoutResult(s -> audit.record("user:a", AuditAction.READ, "case_task", "1", null));
        long before = rows();

        try (Connection owner = DriverManager.getConnection(ownerUrl); Statement s = owner.createStatement()) {
            for (String sql : new String[]{"UPDATE audit_log SET actor = 'user:b'", "DELETE FROM audit_log",
                    "TRUNCATE audit_log"}) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("audit_log is append-only");
            }
            s.execute("SET session_replication_role = replica");
            assertThatThrownBy(() -> s.execute("DELETE FROM audit_log")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("audit_log is append-only");
        }
        assertThat(rows()).isEqualTo(before);
    }
}
