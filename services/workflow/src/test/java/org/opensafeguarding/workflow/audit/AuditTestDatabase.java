package org.opensafeguarding.workflow.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.Flyway;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh workflow database on the embedded server, migrated by its owner (the superuser) as Flyway does in
 * production, with the service's beans wired by hand over the service's own role: quicker than a Spring context
 * per test, and each test can tamper with its own chain.
 */
public final class AuditTestDatabase {

    public static final String SERVICE_ROLE = "workflow_service";
    public static final String MIGRATIONS = "classpath:db/workflow-migration";

    private final String name;
    private final DataSource service;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    private AuditTestDatabase(String name) {
        this.name = name;
        this.service = new DriverManagerDataSource(EmbeddedPostgresSupport.jdbcUrl(name, SERVICE_ROLE));
        this.jdbc = JdbcClient.create(service);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(service));
        this.audit = new AuditLog(new NamedParameterJdbcTemplate(service), new ObjectMapper());
    }

    /** Created and migrated to the latest version. */
    public static AuditTestDatabase migrated(String prefix) {
        AuditTestDatabase db = created(prefix);
        db.migrate(null);
        return db;
    }

    /** Created, not migrated. */
    public static AuditTestDatabase created(String prefix) {
        String name = EmbeddedPostgresSupport.newDatabaseName(prefix);
        EmbeddedPostgresSupport.loginRole(SERVICE_ROLE);
        return new AuditTestDatabase(name);
    }

    /** Migrates as the owner, to {@code target} (e.g. "7") or, when null, to the latest version. */
    public void migrate(String target) {
        var config = Flyway.configure()
                .dataSource(EmbeddedPostgresSupport.jdbcUrl(name), EmbeddedPostgresSupport.username(),
                        EmbeddedPostgresSupport.password())
                .locations(MIGRATIONS);
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }

    public String serviceUrl() {
        return EmbeddedPostgresSupport.jdbcUrl(name, SERVICE_ROLE);
    }

    public String ownerUrl() {
        return EmbeddedPostgresSupport.jdbcUrl(name);
    }

    /** A connection as the service's role. */
    public Connection serviceConnection() throws SQLException {
        return DriverManager.getConnection(serviceUrl());
    }

    /** A connection as the owner and superuser. */
    public Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(ownerUrl());
    }

    /** The owner's (superuser's) client, to tamper with the trail and to look behind the service's back. */
    public JdbcClient owner() {
        return JdbcClient.create(new DriverManagerDataSource(ownerUrl()));
    }

    public DataSource serviceDataSource() {
        return service;
    }

    /** The service role's client. */
    public JdbcClient jdbc() {
        return jdbc;
    }

    public TransactionTemplate transactions() {
        return transactions;
    }

    public AuditLog audit() {
        return audit;
    }

    public AuditChainVerifier verifier() {
        return new AuditChainVerifier(jdbc);
    }

    /** Records one row in a transaction of its own. */
    public void record(AuditEntry entry) {
        transactions.executeWithoutResult(s -> audit.record(entry));
    }

    public void record(String actor, String resourceId) {
        record(AuditEntry.of(actor, AuditAction.READ, "case_task", resourceId).withDetail(Map.of("n", resourceId)));
    }

    /** A case of this tenant, as intake stores one. */
    public UUID insertCase(String tenant) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO case_file (id, case_type, process_id, process_version, tenant, status, trigger_date,
                                       opened_at)
                VALUES (:id, 'LADO_ALLEGATION', 'lado', 'LADO-1', :tenant, 'OPEN', current_date, now())
                """).param("id", id).param("tenant", tenant).update();
        return id;
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM audit_log").query(Long.class).single();
    }

    /** Tampers as the superuser, with the append-only trigger switched off for the statement. */
    public void tamper(String sql) {
        try (Connection c = ownerConnection(); var s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
            s.execute(sql);
            s.execute("ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_append_only");
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
