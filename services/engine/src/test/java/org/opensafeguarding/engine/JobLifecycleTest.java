package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class JobLifecycleTest extends EngineTestSupport {

    private static BpmnModelInstance oneTask(String id, String type) {
        return Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(type).zeebeJobRetries("2"))
                .endEvent("done").done();
    }

    private static List<ActivatedJob> activate(String type) {
        return client.newActivateJobsCommand().jobType(type).maxJobsToActivate(10)
                .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
    }

    private static ProcessInstanceState stateOf(long processInstanceKey) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0).getState();
    }

    private static List<Incident> incidentsOf(long processInstanceKey) {
        return client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items();
    }

    @Test
    void failedJobWithRetriesLeftIsActivatedAgain() {
        String id = uniqueId("fail-retry");
        deploy(oneTask(id, id), id);
        start(id, Map.of());
        ActivatedJob job = activate(id).get(0);
        client.newFailCommand(job.getKey()).retries(1).errorMessage("temporary").send().join();

        List<ActivatedJob> again = activate(id);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).getKey()).isEqualTo(job.getKey());
        assertThat(again.get(0).getRetries()).isEqualTo(1);
    }

    @Test
    void retryBackOffDelaysTheNextActivationUntilTheClockPassesIt() {
        String id = uniqueId("backoff");
        deploy(oneTask(id, id), id);
        start(id, Map.of());
        ActivatedJob job = activate(id).get(0);
        client.newFailCommand(job.getKey()).retries(1).retryBackoff(Duration.ofMinutes(10)).send().join();
        assertThat(activate(id)).isEmpty();

        advanceClock(Duration.ofMinutes(11));
        await().atMost(Duration.ofSeconds(10)).until(() -> !activate(id).isEmpty());
    }

    @Test
    void jobWithoutRetriesRaisesIncidentWhichCanBeResolvedAfterUpdatingRetries() {
        String id = uniqueId("no-retries");
        deploy(oneTask(id, id), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        ActivatedJob job = activate(id).get(0);
        client.newFailCommand(job.getKey()).retries(0).errorMessage("database down").send().join();

        List<Incident> incidents = incidentsOf(instance.getProcessInstanceKey());
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getErrorMessage()).isEqualTo("database down");
        assertThat(incidents.get(0).getJobKey()).isEqualTo(job.getKey());
        assertThat(activate(id)).isEmpty();

        client.newUpdateRetriesCommand(job.getKey()).retries(3).send().join();
        client.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();

        List<ActivatedJob> again = activate(id);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).getRetries()).isEqualTo(3);
        client.newCompleteCommand(again.get(0).getKey()).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
    }

    /** The operator page's query (workflow's /api/operations/incidents): active incidents only, oldest first. */
    @Test
    void incidentSearchByStateListsOnlyActiveOnesOldestFirstAndGetShowsResolvedOnes() {
        String id = uniqueId("incident-search");
        deploy(oneTask(id, id), id);
        ProcessInstanceEvent first = start(id, Map.of());
        ProcessInstanceEvent second = start(id, Map.of());
        ProcessInstanceEvent third = start(id, Map.of());
        for (ActivatedJob job : activate(id)) {
            client.newFailCommand(job.getKey()).retries(0).errorMessage("down").send().join();
            advanceClock(Duration.ofSeconds(1));
        }
        Incident resolved = incidentsOf(second.getProcessInstanceKey()).get(0);
        client.newUpdateRetriesCommand(resolved.getJobKey()).retries(1).send().join();
        client.newResolveIncidentCommand(resolved.getIncidentKey()).send().join();

        List<Incident> active = client.newIncidentSearchRequest()
                .filter(f -> f.state(IncidentState.ACTIVE).processDefinitionId(id))
                .sort(s -> s.creationTime().asc())
                .send().join().items();

        assertThat(active).extracting(Incident::getProcessInstanceKey)
                .containsExactly(first.getProcessInstanceKey(), third.getProcessInstanceKey());
        assertThat(active).allSatisfy(i -> assertThat(i.getState()).isEqualTo(IncidentState.ACTIVE));
        List<Incident> descending = client.newIncidentSearchRequest()
                .filter(f -> f.state(IncidentState.ACTIVE).processDefinitionId(id))
                .sort(s -> s.creationTime().desc())
                .send().join().items();
        assertThat(descending).extracting(Incident::getProcessInstanceKey)
                .containsExactly(third.getProcessInstanceKey(), first.getProcessInstanceKey());
        assertThat(client.newIncidentGetRequest(resolved.getIncidentKey()).send().join().getState())
                .isEqualTo(IncidentState.RESOLVED);
        assertThat(client.newIncidentSearchRequest()
                .filter(f -> f.state(IncidentState.RESOLVED).processDefinitionId(id))
                .send().join().items()).extracting(Incident::getIncidentKey).containsExactly(resolved.getIncidentKey());
    }

    @Test
    void jobTimeoutMakesTheJobActivatableAgainWhenTheClockPassesTheDeadline() {
        String id = uniqueId("timeout");
        deploy(oneTask(id, id), id);
        start(id, Map.of());
        client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1).timeout(Duration.ofMinutes(2))
                .send().join();
        assertThat(activate(id)).isEmpty();

        advanceClock(Duration.ofMinutes(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> !activate(id).isEmpty());
    }

    @Test
    void thrownErrorIsCaughtByErrorBoundaryEventWithMatchingCode() {
        String id = uniqueId("error-boundary");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id))
                .boundaryEvent("caught", b -> b.error("NOT_FOUND")).endEvent("handled")
                .moveToActivity("work").endEvent("done").done(), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        ActivatedJob job = activate(id).get(0);
        client.newThrowErrorCommand(job.getKey()).errorCode("NOT_FOUND").errorMessage("no such case")
                .variables(Map.of("reason", "missing")).send().join();

        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        var handled = client.newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey()).elementId("handled"))
                .send().join().items();
        assertThat(handled).hasSize(1);
        var reason = client.newVariableSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey()).name("reason"))
                .send().join().items();
        assertThat(reason).hasSize(1);
    }

    @Test
    void uncaughtErrorRaisesUnhandledErrorIncident() {
        String id = uniqueId("error-uncaught");
        deploy(oneTask(id, id), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        client.newThrowErrorCommand(activate(id).get(0).getKey()).errorCode("OTHER").send().join();

        List<Incident> incidents = incidentsOf(instance.getProcessInstanceKey());
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getErrorType().name()).isEqualTo("UNHANDLED_ERROR_EVENT");
    }

    @Test
    void longPollingActivationAnswersAsSoonAsAJobIsCreated() {
        String id = uniqueId("long-poll");
        deploy(oneTask(id, id), id);
        CompletableFuture<List<ActivatedJob>> waiting = client.newActivateJobsCommand().jobType(id)
                .maxJobsToActivate(1).timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofSeconds(30))
                .send().toCompletableFuture().thenApply(r -> r.getJobs());
        start(id, Map.of());
        List<ActivatedJob> jobs = waiting.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(jobs).hasSize(1);
    }

    @Test
    void jobWorkerCompletesJobs() {
        String id = uniqueId("worker");
        deploy(oneTask(id, id), id);
        List<Long> handled = new CopyOnWriteArrayList<>();
        try (JobWorker worker = client.newWorker().jobType(id).handler((jobClient, job) -> {
            handled.add(job.getKey());
            jobClient.newCompleteCommand(job.getKey()).variables(Map.of("handled", true)).send().join();
        }).open()) {
            ProcessInstanceEvent first = start(id, Map.of());
            ProcessInstanceEvent second = start(id, Map.of());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(stateOf(first.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
                assertThat(stateOf(second.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
            });
        }
        assertThat(handled).hasSize(2);
    }

    @Test
    void completingAnUnknownJobIsNotFound() {
        assertThatThrownBy(() -> client.newCompleteCommand(123456789L).send().join())
                .satisfies(e -> assertRejected(e, 404));
    }
}
