package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.client.api.response.ActivatedJob;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    void prometheusShowsTheCommandQueueAndTheIncidentsWaitingForAnOperator() {
        String id = uniqueId("incident-metric");
        deploy(Bpmn.createExecutableProcess(id).startEvent().serviceTask("work", t -> t.zeebeJobType(id))
                .endEvent().done(), id);
        assertThat(management("GET", "/actuator/prometheus", null)).contains("\nengine_commands_queued ");
        double before = figure("engine_incidents_active");

        long instance = start(id, Map.of()).getProcessInstanceKey();
        ActivatedJob job = await().atMost(Duration.ofSeconds(30)).until(() -> client.newActivateJobsCommand()
                .jobType(id).maxJobsToActivate(1).send().join().getJobs(), jobs -> !jobs.isEmpty()).get(0);
        client.newFailCommand(job).retries(0).errorMessage("no retries left (test)").send().join();
        await().atMost(Duration.ofSeconds(30)).until(() -> figure("engine_incidents_active") == before + 1);

        long incident = client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(instance)).send().join()
                .items().get(0).getIncidentKey();
        client.newUpdateRetriesCommand(job).retries(1).send().join();
        client.newResolveIncidentCommand(incident).send().join();
        await().atMost(Duration.ofSeconds(30)).until(() -> figure("engine_incidents_active") == before);
    }

    @Test
    void prometheusShowsTheParkedLongPollsAndTheTimersGivenUp() {
        String id = uniqueId("parked-metric");
        deploy(Bpmn.createExecutableProcess(id).startEvent().serviceTask("work", t -> t.zeebeJobType(id))
                .endEvent().done(), id);
        assertThat(figure("engine_timers_given_up")).isZero();
        double before = figure("engine_jobs_activations_parked");

        var poll = client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1)
                .requestTimeout(Duration.ofSeconds(20)).send();
        await().atMost(Duration.ofSeconds(10)).until(() -> figure("engine_jobs_activations_parked") == before + 1);

        start(id, Map.of());
        assertThat(poll.join().getJobs()).as("the parked poll got the new job").hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> figure("engine_jobs_activations_parked") == before);
    }

    private static double figure(String name) {
        List<String> lines = management("GET", "/actuator/prometheus", null).lines()
                .filter(line -> line.startsWith(name + " ")).toList();
        assertThat(lines).as(name).hasSize(1);
        return Double.parseDouble(lines.get(0).substring(name.length() + 1).trim());
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
