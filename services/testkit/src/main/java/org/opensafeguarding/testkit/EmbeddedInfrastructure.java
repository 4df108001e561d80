package org.opensafeguarding.testkit;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring Boot test at the shared embedded PostgreSQL and Kafka. */
public final class EmbeddedInfrastructure {

    private EmbeddedInfrastructure() {
    }

    /** Registers a fresh database and the shared broker as the standard Spring datasource and Kafka properties. */
    public static void register(DynamicPropertyRegistry registry, String databasePrefix) {
        String url = EmbeddedPostgresSupport.newDatabase(databasePrefix);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", EmbeddedPostgresSupport::username);
        registry.add("spring.datasource.password", EmbeddedPostgresSupport::password);
        registry.add("spring.kafka.bootstrap-servers", EmbeddedKafkaSupport::bootstrapServers);
    }

    /**
     * As {@link #register(DynamicPropertyRegistry, String)}, but the service connects as its own login role, as in
     * production (docs/security.md, "Audit trail"), while Flyway migrates as the superuser, who owns the tables. The
     * role is created with LOGIN if missing; the service's migrations grant its rights (workflow: V8 grants
     * {@code workflow_service} read and write everywhere except audit_log, which it may only read and append to).
     */
    public static void register(DynamicPropertyRegistry registry, String databasePrefix, String serviceRole) {
        String database = EmbeddedPostgresSupport.newDatabaseName(databasePrefix);
        EmbeddedPostgresSupport.loginRole(serviceRole);
        // each URL names its user (?user=), which wins over spring.*.user: so both are given
        String url = EmbeddedPostgresSupport.jdbcUrl(database, serviceRole);
        String ownerUrl = EmbeddedPostgresSupport.jdbcUrl(database);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> serviceRole);
        registry.add("spring.datasource.password", () -> serviceRole);
        registry.add("spring.flyway.url", () -> ownerUrl);
        registry.add("spring.flyway.user", EmbeddedPostgresSupport::username);
        registry.add("spring.flyway.password", EmbeddedPostgresSupport::password);
        registry.add("spring.kafka.bootstrap-servers", EmbeddedKafkaSupport::bootstrapServers);
    }
}
