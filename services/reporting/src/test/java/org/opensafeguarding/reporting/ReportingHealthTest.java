package org.opensafeguarding.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedInfrastructure;
import org.opensafeguarding.testkit.TestIdentity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + ReportingApplication.CONFIG_NAME)
class ReportingHealthTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "reporting");
        TestIdentity.register(registry);
    }

    @Autowired
    TestRestTemplate http;

    /** The actuator's own port (reporting.yml: management.server.port), randomised by the test like the server's. */
    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void healthShowsDatabaseAndKafkaUp() {
        JsonNode health = http.getForObject("http://localhost:" + managementPort + "/actuator/health", JsonNode.class);

        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/details/brokers").asInt()).isEqualTo(1);
    }

    @Test
    void migrationsCreateTheInbox() {
        Integer applied = jdbc.queryForObject(
                "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'", Integer.class);
        assertThat(applied).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox", Integer.class)).isZero();
    }
}
