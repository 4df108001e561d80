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
}
