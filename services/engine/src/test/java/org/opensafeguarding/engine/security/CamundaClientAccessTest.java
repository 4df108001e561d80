package org.opensafeguarding.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.testkit.TestIdentity;

/**
 * The official client, as the workflow service and an operator's tools use it: client credentials from the
 * identity provider's token endpoint (the client fetches, caches and sends the token itself), over REST and over
 * gRPC. Only the workflow service's client (WORKFLOW_SERVICE) deploys and starts processes; an operator's client
 * (ENGINE_OPERATOR) is refused the deployment and can still look at incidents.
 */
class CamundaClientAccessTest {

    private static RunningEngine engine;
    private static String workflowSecret;
    private static String operatorSecret;

    @BeforeAll
    static void startEngine() {
        engine = SecuredEngine.start(false);
        workflowSecret = TestIdentity.shared().registerClient("engine-test-workflow",
                Set.of("WORKFLOW_SERVICE"), Set.of("default"));
        operatorSecret = TestIdentity.shared().registerClient("engine-test-operator",
                Set.of("ENGINE_OPERATOR"), Set.of("default"));
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"REST", "gRPC"})
    void theWorkflowServiceDeploysAndStartsProcesses(String protocol) {
        String processId = "secured-" + protocol.toLowerCase();
        try (CamundaClient client = client("engine-test-workflow", workflowSecret, protocol.equals("REST"))) {
            DeploymentEvent deployment = client.newDeployResourceCommand()
                    .addProcessModel(process(processId), processId + ".bpmn").send().join();
            assertThat(deployment.getProcesses()).singleElement()
                    .satisfies(p -> assertThat(p.getBpmnProcessId()).isEqualTo(processId));
            ProcessInstanceEvent instance = client.newCreateInstanceCommand().bpmnProcessId(processId)
                    .latestVersion().send().join();
            assertThat(instance.getProcessInstanceKey()).isPositive();
            assertThat(client.newActivateJobsCommand().jobType(processId).maxJobsToActivate(1)
                    .requestTimeout(Duration.ofSeconds(5)).send().join().getJobs()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"REST", "gRPC"})
    void anOperatorCannotDeployButCanLookAtIncidents(String protocol) {
        boolean rest = protocol.equals("REST");
        try (CamundaClient client = client("engine-test-operator", operatorSecret, rest)) {
            Throwable refused = catchThrowable(() -> client.newDeployResourceCommand()
                    .addProcessModel(process("operator-deploy"), "operator-deploy.bpmn").send().join());
            if (rest) {
                assertThat(refused).isInstanceOf(ProblemException.class);
                assertThat(((ProblemException) refused).code()).isEqualTo(403);
            } else {
                assertThat(refused).isInstanceOf(ClientStatusException.class);
                assertThat(((ClientStatusException) refused).getStatusCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            }
            // searches exist only in REST, whatever the client prefers
            assertThat(client.newIncidentSearchRequest().send().join().items()).isNotNull();
            assertThat(client.newTopologyRequest().send().join().getBrokers()).hasSize(1);
        }
    }

    private static CamundaClient client(String clientId, String secret, boolean preferRest) {
        return CamundaClient.newClientBuilder()
                .restAddress(engine.restAddress())
                .grpcAddress(engine.grpcAddress())
                .preferRestOverGrpc(preferRest)
                .defaultRequestTimeout(Duration.ofSeconds(20))
                .credentialsProvider(CredentialsProvider.newCredentialsProviderBuilder()
                        .applyEnvironmentOverrides(false)
                        .clientId(clientId)
                        .clientSecret(secret)
                        .audience("engine")
                        .authorizationServerUrl(TestIdentity.shared().tokenEndpoint().toString())
                        .credentialsCachePath(credentialsCache())
                        .build())
                .build();
    }

    private static BpmnModelInstance process(String id) {
        return Bpmn.createExecutableProcess(id).startEvent().serviceTask("work", t -> t.zeebeJobType(id))
                .endEvent().done();
    }

    private static String credentialsCache() {
        try {
            // a file the client creates: the token cache stays out of the user's home folder
            return Files.createTempDirectory("engine-credentials").resolve("credentials.json").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
