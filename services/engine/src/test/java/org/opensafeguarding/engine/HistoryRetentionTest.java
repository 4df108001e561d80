package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/** Ended instances are deleted from the history table once the clock passes engine.history-retention. */
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

    /** Only trees whose root ended longer ago than the retention are deleted from the history table. */
    @Test
    void retentionDeletesOnlyHistoryOlderThanItself() throws Exception {
        String jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine_retention_older");
        EngineSettings settings = EngineTestSupport.settings(jdbcUrl).withProperty("engine.history-retention", "PT3H");
        try (RunningEngine engine = EmbeddedEngine.start(settings);
             CamundaClient client = EngineTestSupport.newClient(engine)) {
            client.newDeployResourceCommand()
                    .addProcessModel(Bpmn.createExecutableProcess("quick").startEvent().endEvent().done(), "q.bpmn")
                    .send().join();
            long older = client.newCreateInstanceCommand().bpmnProcessId("quick").latestVersion()
                    .variables(Map.of("a", 1)).send().join().getProcessInstanceKey();
            moveClock(engine, Duration.ofHours(2));
            long newer = client.newCreateInstanceCommand().bpmnProcessId("quick").latestVersion()
                    .variables(Map.of("a", 2)).send().join().getProcessInstanceKey();
            assertThat(found(client, older)).isTrue();
            moveClock(engine, Duration.ofHours(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> !found(client, older));
            assertThat(client.newVariableSearchRequest().filter(f -> f.processInstanceKey(older)).send().join()
                    .items()).isEmpty();
            assertThat(found(client, newer)).as("ended 2 h ago, within the 3 h retention").isTrue();
            assertThat(client.newVariableSearchRequest().filter(f -> f.processInstanceKey(newer)).send().join()
                    .items()).hasSize(1);
        }
    }

    private static boolean found(CamundaClient client, long processInstanceKey) {
        return !client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().isEmpty();
    }

    private static void moveClock(RunningEngine engine, Duration by) throws Exception {
        java.net.http.HttpResponse<String> moved = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                engine.managementAddress() + "/actuator/clock/add"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"offsetMilli\":" + by.toMillis() + "}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(moved.statusCode()).isEqualTo(200);
    }
}
