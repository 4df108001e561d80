package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

class ManagementTest extends EngineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthIsUpOnTheManagementPortWhichDiffersFromTheRestPort() {
        assertThat(engine.managementAddress().getPort()).isNotEqualTo(engine.restAddress().getPort());
        assertThat(management("GET", "/actuator/health", null)).contains("UP");
    }

    @Test
    void purgeRemovesEverythingAndTopologyReportsTheChange() throws Exception {
        String id = uniqueId("purge");
        deploy(Bpmn.createExecutableProcess(id).startEvent().endEvent().done(), id);

        JsonNode purge = JSON.readTree(management("POST", "/actuator/cluster/purge", null));
        long changeId = purge.get("changeId").asLong();

        String topology = HTTP.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(engine.restAddress() + "/v2/topology")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(JSON.readTree(topology).get("lastCompletedChangeId").asText()).isEqualTo(String.valueOf(changeId));
        assertThat(client.newProcessDefinitionSearchRequest().send().join().items()).isEmpty();
    }

    @Test
    void embeddedEngineIgnoresTheHostsSystemProperties() throws Exception {
        int taken;
        try (ServerSocket socket = new ServerSocket(0)) {
            taken = socket.getLocalPort();
        }
        System.setProperty("server.port", String.valueOf(taken));
        System.setProperty("spring.datasource.url", "jdbc:postgresql://nowhere.invalid/none");
        try (RunningEngine second = EmbeddedEngine.start(settings(
                EmbeddedPostgresSupport.newDatabase("engine_isolated")))) {
            assertThat(second.restAddress().getPort()).isNotEqualTo(taken);
            var topology = newClient(second).newTopologyRequest().send().join();
            assertThat(topology.getBrokers()).hasSize(1);
        } finally {
            System.clearProperty("server.port");
            System.clearProperty("spring.datasource.url");
        }
    }
}
