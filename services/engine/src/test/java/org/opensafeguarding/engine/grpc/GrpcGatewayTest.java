package org.opensafeguarding.engine.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.response.ActivateJobsResponse;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.BrokerInfo;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.PartitionBrokerHealth;
import io.camunda.client.api.response.PartitionBrokerRole;
import io.camunda.client.api.response.PartitionInfo;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.client.api.response.PublishMessageResponse;
import io.camunda.client.api.response.Topology;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every gRPC call the engine implements, through the official client with gRPC preferred. */
class GrpcGatewayTest extends GrpcTestSupport {

    private static BpmnModelInstance oneTask(String id, String type) {
        return Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(type).zeebeJobRetries("2"))
                .endEvent("done").done();
    }

    private static ProcessInstanceEvent start(String processId, Map<String, Object> variables) {
        return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables)
                .send().join();
    }

    /** Search exists only in REST; the client sends it there whatever it prefers. */
    private static ProcessInstanceState stateOf(long processInstanceKey) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0).getState();
    }

    private static List<Incident> incidentsOf(long processInstanceKey) {
        return client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items();
    }

    @Test
    void topologyDescribesOneHealthyLeader() {
        Topology topology = client.newTopologyRequest().send().join();

        assertThat(topology.getClusterSize()).isEqualTo(1);
        assertThat(topology.getPartitionsCount()).isEqualTo(1);
        assertThat(topology.getReplicationFactor()).isEqualTo(1);
        assertThat(topology.getGatewayVersion()).isEqualTo("8.8.14");
        assertThat(topology.getBrokers()).hasSize(1);
        BrokerInfo broker = topology.getBrokers().get(0);
        assertThat(broker.getPort()).isEqualTo(engine.grpcAddress().getPort());
        PartitionInfo partition = broker.getPartitions().get(0);
        assertThat(partition.getPartitionId()).isEqualTo(1);
        assertThat(partition.getRole()).isEqualTo(PartitionBrokerRole.LEADER);
        assertThat(partition.getHealth()).isEqualTo(PartitionBrokerHealth.HEALTHY);
    }

    @Test
    void deployCreatesVersionsAndInstancesStartByIdOrByKey() {
        String id = uniqueId("deploy");
        DeploymentEvent first = deploy(oneTask(id, id), id);
        assertThat(first.getKey()).isPositive();
        assertThat(first.getProcesses()).hasSize(1);
        assertThat(first.getProcesses().get(0).getBpmnProcessId()).isEqualTo(id);
        assertThat(first.getProcesses().get(0).getVersion()).isEqualTo(1);
        assertThat(first.getProcesses().get(0).getResourceName()).isEqualTo(id + ".bpmn");
        DeploymentEvent second = deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("other", t -> t.zeebeJobType(id)).endEvent().done(), id);
        assertThat(second.getProcesses().get(0).getVersion()).isEqualTo(2);

        ProcessInstanceEvent latest = start(id, Map.of("child", Map.of("name", "Sam"), "risk", 7));
        assertThat(latest.getProcessDefinitionKey()).isEqualTo(second.getProcesses().get(0).getProcessDefinitionKey());
        assertThat(latest.getVersion()).isEqualTo(2);
        ProcessInstanceEvent byKey = client.newCreateInstanceCommand()
                .processDefinitionKey(first.getProcesses().get(0).getProcessDefinitionKey()).send().join();
        assertThat(byKey.getVersion()).isEqualTo(1);
        ProcessInstanceEvent byVersion = client.newCreateInstanceCommand().bpmnProcessId(id).version(1)
                .send().join();
        assertThat(byVersion.getProcessDefinitionKey())
                .isEqualTo(first.getProcesses().get(0).getProcessDefinitionKey());

        List<ActivatedJob> jobs = activateNow(id);
        assertThat(jobs).hasSize(3);
        ActivatedJob ofLatest = jobs.stream()
                .filter(j -> j.getProcessInstanceKey() == latest.getProcessInstanceKey()).findFirst().orElseThrow();
        assertThat(ofLatest.getElementId()).isEqualTo("other");
        assertThat(ofLatest.getVariablesAsMap()).containsEntry("risk", 7)
                .containsEntry("child", Map.of("name", "Sam"));
    }

    @Test
    void deployingAnInvalidModelIsInvalidArgument() {
        Status status = rejection(() -> client.newDeployResourceCommand()
                .addResourceStringUtf8("<definitions>not bpmn", "broken.bpmn").send().join());
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void createWithResultAnswersWhenTheInstanceCompletesWithTheFetchedVariables() {
        String id = uniqueId("with-result");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id)).endEvent().done(), id);
        CompletableFuture<ProcessInstanceResult> result = client.newCreateInstanceCommand().bpmnProcessId(id)
                .latestVersion().variables(Map.of("input", 1, "noise", "x")).withResult()
                .fetchVariables("input", "output").requestTimeout(Duration.ofSeconds(30)).send()
                .toCompletableFuture();
        ActivatedJob job = await().atMost(Duration.ofSeconds(10)).until(() -> activateNow(id), j -> !j.isEmpty())
                .get(0);
        assertThat(result).isNotDone();
        client.newCompleteCommand(job.getKey()).variables(Map.of("output", "done")).send().join();

        ProcessInstanceResult done = result.join();
        assertThat(done.getProcessInstanceKey()).isEqualTo(job.getProcessInstanceKey());
        assertThat(done.getBpmnProcessId()).isEqualTo(id);
        assertThat(done.getVariablesAsMap()).isEqualTo(Map.of("input", 1, "output", "done"));
    }

    @Test
    void createWithResultThatDoesNotCompleteInTimeIsDeadlineExceeded() {
        String id = uniqueId("with-result-timeout");
        deploy(oneTask(id, id), id);
        Status status = rejection(() -> client.newCreateInstanceCommand().bpmnProcessId(id).latestVersion()
                .withResult().requestTimeout(Duration.ofMillis(500)).send().join());
        assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }

    @Test
    void creatingAnInstanceOfAnUnknownProcessIsNotFound() {
        Status status = rejection(() -> client.newCreateInstanceCommand().bpmnProcessId("no-such-process")
                .latestVersion().send().join());
        assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(status.getDescription()).contains("no-such-process");
    }

    @Test
    void cancelEndsTheInstanceAndCancellingAgainIsNotFound() {
        String id = uniqueId("cancel");
        deploy(oneTask(id, id), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        client.newCancelInstanceCommand(instance.getProcessInstanceKey()).send().join();

        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.TERMINATED);
        assertThat(activateNow(id)).isEmpty();
        Status again = rejection(() -> client.newCancelInstanceCommand(instance.getProcessInstanceKey()).send()
                .join());
        assertThat(again.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void setVariablesUpdatesTheScopeAndRejectsBadDocumentsAndUnknownScopes() {
        String id = uniqueId("set-variables");
        deploy(oneTask(id, id), id);
        ProcessInstanceEvent instance = start(id, Map.of("risk", 1));
        long key = client.newSetVariablesCommand(instance.getProcessInstanceKey())
                .variables(Map.of("risk", 9, "note", "escalated")).send().join().getKey();
        assertThat(key).isPositive();

        assertThat(activateNow(id).get(0).getVariablesAsMap()).containsEntry("risk", 9)
                .containsEntry("note", "escalated");
        Status notAnObject = rejection(() -> client.newSetVariablesCommand(instance.getProcessInstanceKey())
                .variables("[1, 2]").send().join());
        assertThat(notAnObject.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        Status unknown = rejection(() -> client.newSetVariablesCommand(987654321L).variables(Map.of("a", 1))
                .send().join());
        assertThat(unknown.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void publishedMessageWaitsForItsTimeToLiveAndTheSameMessageIdIsAlreadyExists() {
        String id = uniqueId("message");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .intermediateCatchEvent("wait", e -> e.message(m -> m.name(id).zeebeCorrelationKeyExpression("caseId")))
                .serviceTask("after", t -> t.zeebeJobType(id)).endEvent().done(), id);

        PublishMessageResponse buffered = client.newPublishMessageCommand().messageName(id).correlationKey("case-1")
                .timeToLive(Duration.ofMinutes(5)).messageId(id + "-m1").variables(Map.of("answer", 42)).send()
                .join();
        assertThat(buffered.getMessageKey()).isPositive();
        Status duplicate = rejection(() -> client.newPublishMessageCommand().messageName(id)
                .correlationKey("case-1").timeToLive(Duration.ofMinutes(5)).messageId(id + "-m1").send().join());
        assertThat(duplicate.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        client.newPublishMessageCommand().messageName(id).correlationKey("case-2").timeToLive(Duration.ZERO)
                .send().join();

        ProcessInstanceEvent waiting = start(id, Map.of("caseId", "case-1"));
        ProcessInstanceEvent missed = start(id, Map.of("caseId", "case-2"));
        List<ActivatedJob> jobs = activateNow(id);
        assertThat(jobs).extracting(ActivatedJob::getProcessInstanceKey)
                .containsExactly(waiting.getProcessInstanceKey());
        assertThat(jobs.get(0).getVariablesAsMap()).containsEntry("answer", 42);
        assertThat(stateOf(missed.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.ACTIVE);
    }

    @Test
    void longPollingActivationAnswersAsSoonAsAJobAppearsAndCompletingItEndsTheInstance() {
        String id = uniqueId("long-poll");
        deploy(oneTask(id, id), id);
        CompletableFuture<List<ActivatedJob>> waiting = client.newActivateJobsCommand().jobType(id)
                .maxJobsToActivate(5).workerName("poller").timeout(Duration.ofMinutes(1))
                .requestTimeout(Duration.ofMinutes(2)).send().toCompletableFuture().thenApply(r -> r.getJobs());
        assertThat(waiting).isNotDone();

        ProcessInstanceEvent instance = start(id, Map.of("x", 1));
        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
        List<ActivatedJob> jobs = waiting.join();
        assertThat(jobs).hasSize(1);
        ActivatedJob job = jobs.get(0);
        assertThat(job.getType()).isEqualTo(id);
        assertThat(job.getWorker()).isEqualTo("poller");
        assertThat(job.getRetries()).isEqualTo(2);
        assertThat(job.getBpmnProcessId()).isEqualTo(id);
        assertThat(job.getProcessInstanceKey()).isEqualTo(instance.getProcessInstanceKey());
        assertThat(job.getDeadline()).isGreaterThan(System.currentTimeMillis());
        assertThat(job.getVariablesAsMap()).containsEntry("x", 1);

        client.newCompleteCommand(job.getKey()).variables(Map.of("y", 2)).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        Status twice = rejection(() -> client.newCompleteCommand(job.getKey()).send().join());
        assertThat(twice.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void longPollingActivationWithoutJobsEndsEmptyAfterItsRequestTimeout() {
        String id = uniqueId("long-poll-empty");
        CompletableFuture<List<ActivatedJob>> waiting = client.newActivateJobsCommand().jobType(id)
                .maxJobsToActivate(1).timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofMillis(500))
                .send().toCompletableFuture().thenApply(r -> r.getJobs());
        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
        assertThat(waiting.join()).isEmpty();
    }

    @Test
    void jobActivatedForAnAbandonedActivationIsGivenBack() {
        String id = uniqueId("given-back");
        deploy(oneTask(id, id), id);
        CamundaFuture<ActivateJobsResponse> abandoned = client.newActivateJobsCommand().jobType(id)
                .maxJobsToActivate(1).timeout(Duration.ofMinutes(30)).requestTimeout(Duration.ofMinutes(1)).send();
        await().atMost(Duration.ofSeconds(10)).until(() -> grpcServer().openActivations(id) == 1);
        abandoned.cancel(true);

        start(id, Map.of());
        // without the give-back the job would stay locked for the abandoned call's 30-minute timeout
        List<ActivatedJob> jobs = await().atMost(Duration.ofSeconds(10))
                .until(() -> activateNow(id), found -> !found.isEmpty());
        assertThat(jobs.get(0).getRetries()).isEqualTo(2);
        assertThat(grpcServer().openActivations(id)).isZero();
    }

    @Test
    void failedJobComesBackWithItsRetriesAfterTheBackOff() {
        String id = uniqueId("fail");
        deploy(oneTask(id, id), id);
        start(id, Map.of());
        ActivatedJob job = activateNow(id).get(0);
        client.newFailCommand(job.getKey()).retries(1).retryBackoff(Duration.ofSeconds(2))
                .errorMessage("temporary").send().join();
        assertThat(activateNow(id)).isEmpty();

        List<ActivatedJob> again = await().atMost(Duration.ofSeconds(15))
                .until(() -> activateNow(id), jobs -> !jobs.isEmpty());
        assertThat(again.get(0).getKey()).isEqualTo(job.getKey());
        assertThat(again.get(0).getRetries()).isEqualTo(1);

        client.newFailCommand(job.getKey()).retries(1).send().join();
        assertThat(activateNow(id)).extracting(ActivatedJob::getKey).containsExactly(job.getKey());
    }

    @Test
    void jobOutOfRetriesRaisesIncidentAndComesBackAfterUpdatingRetriesAndResolving() {
        String id = uniqueId("incident");
        deploy(oneTask(id, id), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        ActivatedJob job = activateNow(id).get(0);
        client.newFailCommand(job.getKey()).retries(0).errorMessage("database down").send().join();

        List<Incident> incidents = incidentsOf(instance.getProcessInstanceKey());
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getErrorMessage()).isEqualTo("database down");
        assertThat(activateNow(id)).isEmpty();
        Status completeFailed = rejection(() -> client.newCompleteCommand(job.getKey()).send().join());
        assertThat(completeFailed.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        Status badRetries = rejection(() -> client.newUpdateRetriesCommand(job.getKey()).retries(0).send().join());
        assertThat(badRetries.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

        client.newUpdateRetriesCommand(job.getKey()).retries(3).send().join();
        client.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
        List<ActivatedJob> again = activateNow(id);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).getRetries()).isEqualTo(3);
        client.newCompleteCommand(again.get(0).getKey()).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);

        Status resolvedTwice = rejection(() -> client.newResolveIncidentCommand(incidents.get(0).getIncidentKey())
                .send().join());
        assertThat(resolvedTwice.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void thrownErrorIsCaughtByTheBoundaryEventWithItsVariables() {
        String id = uniqueId("error");
        String handler = id + "-handler";
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id))
                .boundaryEvent("caught", b -> b.error("NOT_FOUND"))
                .serviceTask("handle", t -> t.zeebeJobType(handler)).endEvent("handled")
                .moveToActivity("work").endEvent("done").done(), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        ActivatedJob job = activateNow(id).get(0);
        client.newThrowErrorCommand(job.getKey()).errorCode("NOT_FOUND").errorMessage("no such case")
                .variables(Map.of("reason", "missing")).send().join();

        List<ActivatedJob> handling = activateNow(handler);
        assertThat(handling).hasSize(1);
        assertThat(handling.get(0).getProcessInstanceKey()).isEqualTo(instance.getProcessInstanceKey());
        assertThat(handling.get(0).getVariablesAsMap()).containsEntry("reason", "missing");
        Status again = rejection(() -> client.newThrowErrorCommand(job.getKey()).errorCode("NOT_FOUND").send()
                .join());
        assertThat(again.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void updatedJobTimeoutMakesTheJobActivatableAgainWhenItPasses() {
        String id = uniqueId("job-timeout");
        deploy(oneTask(id, id), id);
        start(id, Map.of());
        ActivatedJob job = client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1)
                .timeout(Duration.ofMinutes(30)).send().join().getJobs().get(0);
        assertThat(activateNow(id)).isEmpty();

        client.newUpdateTimeoutCommand(job.getKey()).timeout(Duration.ofMillis(300)).send().join();
        List<ActivatedJob> again = await().atMost(Duration.ofSeconds(10))
                .until(() -> activateNow(id), jobs -> !jobs.isEmpty());
        assertThat(again.get(0).getKey()).isEqualTo(job.getKey());

        Status unknown = rejection(() -> client.newUpdateTimeoutCommand(123456789L).timeout(Duration.ofMinutes(1))
                .send().join());
        assertThat(unknown.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void streamingJobWorkerReceivesPushedJobs() {
        String id = uniqueId("stream");
        deploy(oneTask(id, id), id);
        List<Long> handled = new CopyOnWriteArrayList<>();
        try (JobWorker worker = client.newWorker().jobType(id).handler((jobClient, job) -> {
                    handled.add(job.getKey());
                    jobClient.newCompleteCommand(job.getKey()).variables(Map.of("handled", true)).send().join();
                })
                .streamEnabled(true)
                // polling only once at start, briefly: what arrives later can only come through the stream
                .pollInterval(Duration.ofHours(1))
                .requestTimeout(Duration.ofMillis(1))
                .open()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> grpcServer().openStreams(id) == 1);

            List<ProcessInstanceEvent> instances = List.of(start(id, Map.of()), start(id, Map.of()),
                    start(id, Map.of()));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (ProcessInstanceEvent instance : instances) {
                    assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
                }
            });
            assertThat(handled).hasSize(3);
            assertThat(grpcServer().pushedJobs(id)).as("jobs pushed through the stream").isPositive();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> grpcServer().openStreams(id) == 0);
    }

    @Test
    void unimplementedCallsSayWhichCall() {
        Status status = rejection(() -> client.newBroadcastSignalCommand().signalName("anything").send().join());
        assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(status.getDescription()).contains("BroadcastSignal");
    }
}
