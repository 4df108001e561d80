package org.opensafeguarding.workflow;

import org.opensafeguarding.workflow.support.TestInfrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;


import static org.assertj.core.api.Assertions.assertThat;

/** An operator must see which dependency is down: here the engine is unreachable and the rest is fine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
class HealthWithoutEngineTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        // the engine addresses point at a port nobody listens on
        TestInfrastructure.register(registry);
    }

    @Autowired
    TestRestTemplate http;

    /** The actuator's own port (workflow.yml: management.server.port), randomised by the test like the server's. */
    @LocalManagementPort
    int managementPort;

    @Test
    void engineDownIsReportedWhileDatabaseAndKafkaStayUp() {
        ResponseEntity<JsonNode> response = http.getForEntity("http://localhost:" + managementPort + "/actuator/health", JsonNode.class);
        JsonNode health = response.getBody();

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/components/camundaClient/status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
    }
}
