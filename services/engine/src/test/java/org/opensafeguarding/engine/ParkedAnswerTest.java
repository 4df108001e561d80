package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.engine.processing.CommandProcessor;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * A REST answer that comes after the request can no longer take it: a job activation long poll that outlives the
 * servlet's async timeout is answered 503 (the client polls again), and the jobs the engine activates for it later
 * are given back instead of staying activated for nobody until their own timeout.
 */
class ParkedAnswerTest {

    private static RunningEngine engine;
    private static CamundaClient client;

    /** The suites' engine and client (EngineTestSupport), with a servlet async timeout of a second. */
    @BeforeAll
    static void start() {
        engine = EmbeddedEngine.start(EngineTestSupport.settings(EmbeddedPostgresSupport.newDatabase("engine"))
                .withProperty("spring.mvc.async.request-timeout", "1s"));
        client = EngineTestSupport.newClient(engine);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aLongPollPastTheServletTimeoutIsAnswered503AndTheJobsActivatedForItLaterAreGivenBack() throws Exception {
        String type = "parked-poll";
        deployOneJobProcess(type);

        // the engine holds this poll for 20 s; the servlet gives up on it after 1 s
        HttpResponse<String> answer = EngineTestSupport.HTTP.send(HttpRequest.newBuilder(
                        URI.create(engine.restAddress() + "/v2/jobs/activation"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + type + "\",\"timeout\":300000,"
                        + "\"maxJobsToActivate\":1,\"requestTimeout\":20000}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"title\":\"UNAVAILABLE\"").contains("send it again")
                .contains("\"instance\":\"/v2/jobs/activation\"");

        // the still-parked poll takes the new job, which nobody can receive any more
        assertTheNewJobIsGivenBack(type);
    }

    /**
     * The other way a poll's answer cannot be delivered: its caller is gone while the poll is parked. The official
     * client, closed while its long poll waits, gives the exchange a few seconds and then resets the connection;
     * writing the answer then fails, and the job must not stay activated for nobody until its timeout.
     */
    @Test
    void jobsActivatedForThePollOfAClientThatWasClosedAreGivenBack() {
        String type = "closed-poll";
        deployOneJobProcess(type);

        CamundaClient leaving = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
                .grpcAddress(engine.grpcAddress()).preferRestOverGrpc(true).build();
        leaving.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).timeout(Duration.ofMinutes(5))
                .requestTimeout(Duration.ofSeconds(20)).send();
        CommandProcessor processor = engine.context().getBean(CommandProcessor.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.parkedActivations() == 1);
        leaving.close();

        // the poll is still parked at the engine: it takes the new job, which nobody can receive any more
        assertTheNewJobIsGivenBack(type);
    }

    private static void deployOneJobProcess(String type) {
        client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(type).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(type).zeebeJobRetries("3")).endEvent().done(),
                type + ".bpmn").send().join();
    }

    /** A new instance's job, taken by a poll whose caller cannot receive it, is soon a second worker's. */
    private static void assertTheNewJobIsGivenBack(String type) {
        client.newCreateInstanceCommand().bpmnProcessId(type).latestVersion().send().join();

        AtomicReference<List<ActivatedJob>> again = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            again.set(client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1)
                    .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs());
            return !again.get().isEmpty();
        });
        assertThat(again.get().get(0).getRetries()).as("given back without using up a retry").isEqualTo(3);
    }
}
