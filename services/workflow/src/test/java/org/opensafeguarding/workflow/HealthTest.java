package org.opensafeguarding.workflow;

import org.opensafeguarding.workflow.support.LocalEngine;
import org.opensafeguarding.workflow.support.TestInfrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
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

/** The workflow service against its three real dependencies: embedded PostgreSQL, in-process Kafka, the local engine. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
class HealthTest {

    static LocalEngine engine;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        engine = LocalEngine.start();
        TestInfrastructure.registerWithEngine(registry, engine);
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Autowired
    TestRestTemplate http;

    /** The actuator's own port (workflow.yml: management.server.port), randomised by the test like the server's. */
    @LocalManagementPort
    int managementPort;

    @Test
    void everyDependencyIsUp() {
        ResponseEntity<JsonNode> response = http.getForEntity("http://localhost:" + managementPort + "/actuator/health", JsonNode.class);
        JsonNode health = response.getBody();

        assertThat(response.getStatusCode()).as("%s", health).isEqualTo(HttpStatus.OK);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/camundaClient/status").asText()).isEqualTo("UP");
    }
}
