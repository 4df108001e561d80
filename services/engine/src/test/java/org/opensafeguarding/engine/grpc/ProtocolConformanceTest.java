package org.opensafeguarding.engine.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same behaviours over REST and over gRPC: both adapters call the same engine commands, so the outcomes and
 * the kind of rejection (HTTP status or gRPC code, as Camunda's gateway maps them) must agree.
 */
class ProtocolConformanceTest extends GrpcTestSupport {

    enum Protocol {
        REST, GRPC;

        CamundaClient client() {
            return this == REST ? restClient : GrpcTestSupport.client;
        }
    }

    /** A rejection as Camunda reports it over each protocol. */
    enum Rejection {
        INVALID_ARGUMENT(400, Status.Code.INVALID_ARGUMENT),
        NOT_FOUND(404, Status.Code.NOT_FOUND),
        INVALID_STATE(409, Status.Code.FAILED_PRECONDITION),
        ALREADY_EXISTS(409, Status.Code.ALREADY_EXISTS);

        final int httpStatus;
        final Status.Code grpcCode;

        Rejection(int httpStatus, Status.Code grpcCode) {
            this.httpStatus = httpStatus;
            this.grpcCode = grpcCode;
        }
    }

    private static void assertRejected(Protocol protocol, Rejection expected, ThrowingCall call) {
        Throwable thrown = catchThrowable(call::run);
        if (protocol == Protocol.REST) {
            assertThat(thrown).isInstanceOf(ProblemException.class);
            assertThat(((ProblemException) thrown).code()).isEqualTo(expected.httpStatus);
        } else {
            assertThat(thrown).isInstanceOf(ClientStatusException.class);
            assertThat(((ClientStatusException) thrown).getStatusCode()).isEqualTo(expected.grpcCode);
        }
    }

    private static BpmnModelInstance oneTask(String id) {
        return Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id).zeebeJobRetries("2"))
                .endEvent("done").done();
    }

    private static String deployOneTask(Protocol protocol, String prefix) {
        String id = uniqueId(prefix + "-" + protocol.name().toLowerCase());
        protocol.client().newDeployResourceCommand().addProcessModel(oneTask(id), id + ".bpmn").send().join();
        return id;
    }

    private static ProcessInstanceEvent start(Protocol protocol, String id) {
        return protocol.client().newCreateInstanceCommand().bpmnProcessId(id).latestVersion()
                .variables(Map.of("caseId", "c-1")).send().join();
    }

    private static ProcessInstanceState stateOf(long processInstanceKey) {
        return restClient.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0).getState();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void waitingActivationGetsTheNewJobAndCompletingItEndsTheInstance(Protocol protocol) {
        String id = deployOneTask(protocol, "lifecycle");
        CompletableFuture<List<ActivatedJob>> waiting = protocol.client().newActivateJobsCommand().jobType(id)
                .maxJobsToActivate(1).timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofSeconds(60))
                .send().toCompletableFuture().thenApply(r -> r.getJobs());
        ProcessInstanceEvent instance = start(protocol, id);

        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
        ActivatedJob job = waiting.join().get(0);
        assertThat(job.getVariablesAsMap()).containsEntry("caseId", "c-1");
        protocol.client().newCompleteCommand(job.getKey()).variables(Map.of("outcome", "ok")).send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        assertRejected(protocol, Rejection.NOT_FOUND,
                () -> protocol.client().newCompleteCommand(job.getKey()).send().join());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void exhaustedJobRaisesIncidentAndIsBackAfterRetriesAndResolution(Protocol protocol) {
        CamundaClient camunda = protocol.client();
        String id = deployOneTask(protocol, "incident");
        ProcessInstanceEvent instance = start(protocol, id);
        ActivatedJob job = activateNow(camunda, id).get(0);
        camunda.newFailCommand(job.getKey()).retries(0).errorMessage("down").send().join();

        assertRejected(protocol, Rejection.INVALID_STATE,
                () -> camunda.newCompleteCommand(job.getKey()).send().join());
        assertRejected(protocol, Rejection.INVALID_ARGUMENT,
                () -> camunda.newUpdateRetriesCommand(job.getKey()).retries(0).send().join());
        List<Incident> incidents = restClient.newIncidentSearchRequest()
                .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey())).send().join().items();
        assertThat(incidents).hasSize(1);
        assertRejected(protocol, Rejection.INVALID_STATE,
                () -> camunda.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join());

        camunda.newUpdateRetriesCommand(job.getKey()).retries(2).send().join();
        camunda.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
        List<ActivatedJob> again = activateNow(camunda, id);
        assertThat(again).extracting(ActivatedJob::getRetries).containsExactly(2);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void duplicateMessageIdIsRejectedWhileTheFirstMessageLives(Protocol protocol) {
        CamundaClient camunda = protocol.client();
        String name = uniqueId("dedupe-" + protocol.name().toLowerCase());
        camunda.newPublishMessageCommand().messageName(name).correlationKey("k").messageId("once")
                .timeToLive(Duration.ofMinutes(1)).send().join();
        assertRejected(protocol, Rejection.ALREADY_EXISTS, () -> camunda.newPublishMessageCommand()
                .messageName(name).correlationKey("k").messageId("once").timeToLive(Duration.ofMinutes(1))
                .send().join());
        // another correlation key is another message
        camunda.newPublishMessageCommand().messageName(name).correlationKey("other").messageId("once")
                .timeToLive(Duration.ofMinutes(1)).send().join();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void unknownKeysAreNotFound(Protocol protocol) {
        CamundaClient camunda = protocol.client();
        long unknown = 4_000_000_000L;
        assertRejected(protocol, Rejection.NOT_FOUND, () -> camunda.newFailCommand(unknown).retries(1).send().join());
        assertRejected(protocol, Rejection.NOT_FOUND,
                () -> camunda.newThrowErrorCommand(unknown).errorCode("E").send().join());
        assertRejected(protocol, Rejection.NOT_FOUND, () -> camunda.newCancelInstanceCommand(unknown).send().join());
        assertRejected(protocol, Rejection.NOT_FOUND,
                () -> camunda.newResolveIncidentCommand(unknown).send().join());
        assertRejected(protocol, Rejection.NOT_FOUND,
                () -> camunda.newCreateInstanceCommand().processDefinitionKey(unknown).send().join());
    }
}
