package org.opensafeguarding.engine.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.opensafeguarding.engine.EmbeddedEngine;
import org.opensafeguarding.engine.EngineSettings;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.engine.TestEngines;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * One engine per test class on random ports and a fresh database, driven through the official client over gRPC
 * ({@code preferRestOverGrpc(false)}); searches, which exist only in REST, still use the REST address.
 *
 * <p>Mirrors the engine tests' {@code EngineTestSupport}, which is package-private in
 * {@code org.opensafeguarding.engine} and so cannot be extended from this package.
 */
abstract class GrpcTestSupport {

    private static final AtomicInteger IDS = new AtomicInteger();

    static RunningEngine engine;
    /** Prefers gRPC: every command that has a gRPC form goes over the engine's gRPC gateway. */
    static CamundaClient client;
    /** Prefers REST, for the behaviours the conformance tests run over both protocols. */
    static CamundaClient restClient;

    @BeforeAll
    static void startEngine() {
        String jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine");
        engine = EmbeddedEngine.start(TestEngines.unsecuredTesting(EngineSettings.forDatabase(jdbcUrl,
                EmbeddedPostgresSupport.username(), EmbeddedPostgresSupport.password())));
        client = newClient(false);
        restClient = newClient(true);
    }

    @AfterAll
    static void stopEngine() {
        if (client != null) {
            client.close();
        }
        if (restClient != null) {
            restClient.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static CamundaClient newClient(boolean preferRest) {
        return CamundaClient.newClientBuilder()
                .grpcAddress(engine.grpcAddress())
                .restAddress(engine.restAddress())
                .preferRestOverGrpc(preferRest)
                // 8.8's builder has no usePlaintext(): the http:// scheme of the gRPC address means plaintext
                .defaultRequestTimeout(Duration.ofSeconds(20))
                .build();
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    static DeploymentEvent deploy(BpmnModelInstance model, String name) {
        return client.newDeployResourceCommand().addProcessModel(model, name + ".bpmn").send().join();
    }

    /** Activates what is there now, without long polling. */
    static List<ActivatedJob> activateNow(CamundaClient camunda, String type) {
        return camunda.newActivateJobsCommand().jobType(type).maxJobsToActivate(10)
                .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
    }

    static List<ActivatedJob> activateNow(String type) {
        return activateNow(client, type);
    }

    static GrpcServer grpcServer() {
        return engine.context().getBean(GrpcServer.class);
    }

    /** The gRPC status the call was rejected with. */
    static Status rejection(ThrowingCall call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).as("the call should have been rejected").isInstanceOf(ClientStatusException.class);
        return ((ClientStatusException) thrown).getStatus();
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }
}
