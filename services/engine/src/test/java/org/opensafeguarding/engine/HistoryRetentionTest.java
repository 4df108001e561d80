package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/** With engine.history-retention set, ended instances are forgotten once the clock passes the retention. */
class HistoryRetentionTest {

    @Test
    void endedInstancesAreForgottenAfterTheRetentionAndActiveOnesStay() throws Exception {
        String jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine_retention");
        EngineSettings settings = EngineTestSupport.settings(jdbcUrl).withProperty("engine.history-retention", "PT1H");
        long ended;
        long active;
        try (RunningEngine engine = EmbeddedEngine.start(settings);
             CamundaClient client = EngineTestSupport.newClient(engine)) {
            client.newDeployResourceCommand()
                    .addProcessModel(Bpmn.createExecutableProcess("quick").startEvent().endEvent().done(), "q.bpmn")
                    .addProcessModel(Bpmn.createExecutableProcess("waiting").startEvent()
                            .serviceTask("t", t -> t.zeebeJobType("never")).endEvent().done(), "w.bpmn")
                    .send().join();
            ended = client.newCreateInstanceCommand().bpmnProcessId("quick").latestVersion()
                    .variables(Map.of("a", 1)).send().join().getProcessInstanceKey();
            active = client.newCreateInstanceCommand().bpmnProcessId("waiting").latestVersion()
                    .send().join().getProcessInstanceKey();

            java.net.http.HttpResponse<String> moved = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    engine.managementAddress() + "/actuator/clock/add"))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"offsetMilli\":" + Duration.ofHours(2).toMillis() + "}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(moved.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.newProcessInstanceSearchRequest()
                    .filter(f -> f.processInstanceKey(ended)).send().join().items().isEmpty());
            assertThat(client.newVariableSearchRequest().filter(f -> f.processInstanceKey(ended)).send().join()
                    .items()).isEmpty();
            assertThat(client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(active))
                    .send().join().items()).hasSize(1);
        }
        try (RunningEngine engine = EmbeddedEngine.start(settings);
             CamundaClient client = EngineTestSupport.newClient(engine)) {
            assertThat(client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(ended))
                    .send().join().items()).as("the deletion was persisted").isEmpty();
            assertThat(client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(active))
                    .send().join().items()).hasSize(1);
        }
    }
}
