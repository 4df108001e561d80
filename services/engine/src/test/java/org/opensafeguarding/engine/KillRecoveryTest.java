package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * The durability promise: what the engine acknowledged survives kill -9. A standalone engine runs in a child
 * JVM, is killed with SIGKILL right after the client got its answers, and a new engine on the same database
 * carries on.
 */
class KillRecoveryTest {

    @Test
    void acknowledgedCommandsSurviveKillMinusNine() throws Exception {
        String jdbcUrl = EmbeddedPostgresSupport.newDatabase("engine_kill");
        int rest = freePort();
        int management = freePort();
        int grpc = freePort();
        Path log = Files.createTempFile("engine-kill", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(javaExecutable(), "-cp",
                System.getProperty("java.class.path"), EngineApplication.class.getName(),
                "--server.port=" + rest, "--management.server.port=" + management, "--engine.grpc.port=" + grpc,
                "--engine.datasource.url=" + jdbcUrl,
                "--engine.datasource.username=" + EmbeddedPostgresSupport.username(),
                "--engine.datasource.password=" + EmbeddedPostgresSupport.password()));
        command.addAll(TestEngines.UNSECURED_TESTING_ARGS);
        Process engine = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String processId = "kill-recovery";
        ProcessInstanceEvent instance;
        ActivatedJob job;
        try (CamundaClient client = CamundaClient.newClientBuilder()
                .restAddress(URI.create("http://127.0.0.1:" + rest))
                .grpcAddress(URI.create("http://127.0.0.1:" + grpc))
                .preferRestOverGrpc(true).build()) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> client.newTopologyRequest().send().join().getBrokers().size() == 1);
            client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(processId).startEvent()
                    .serviceTask("work", t -> t.zeebeJobType(processId))
                    .intermediateCatchEvent("reply").message(m -> m.name("reply").zeebeCorrelationKeyExpression("id"))
                    .endEvent().done(), processId + ".bpmn").send().join();
            instance = client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                    .variables(Map.of("id", "K-1")).send().join();
            List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(processId).maxJobsToActivate(1)
                    .timeout(Duration.ofMinutes(10)).send().join().getJobs();
            assertThat(jobs).hasSize(1);
            job = jobs.get(0);
            client.newPublishMessageCommand().messageName("reply").correlationKey("K-1")
                    .timeToLive(Duration.ofHours(1)).send().join();
        } finally {
            engine.destroyForcibly();
            engine.waitFor();
        }

        try (RunningEngine restarted = EmbeddedEngine.start(EngineTestSupport.settings(jdbcUrl));
             CamundaClient client = EngineTestSupport.newClient(restarted)) {
            client.newCompleteCommand(job.getKey()).send().join();
            // the buffered message (TTL one hour) is delivered when the catch event opens its subscription
            assertThat(client.newProcessInstanceSearchRequest()
                    .filter(f -> f.processInstanceKey(instance.getProcessInstanceKey())).send().join().items()
                    .get(0).getState()).isEqualTo(ProcessInstanceState.COMPLETED);
        }
    }

    private static String javaExecutable() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
