package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.opensafeguarding.engine.processing.CommandProcessor;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * The connection to PostgreSQL is cut at the commit of a batch, by a relay between engine and database. If the
 * server committed and only its answer was lost, the caller gets the command's result (a retry would duplicate);
 * if it did not commit, the caller is refused and nothing of the command is live. Either way the engine recovers.
 */
class InDoubtCommitTest extends EngineTestSupport {

    private static CommitCuttingProxy proxy;

    /** Hides the inherited start: the engine reaches its database through the proxy. */
    @BeforeAll
    static void startEngine(TestInfo testInfo) {
        preferRest = testInfo.getTestClass().map(type -> !type.isAnnotationPresent(OverGrpc.class)).orElse(true);
        String database = EmbeddedPostgresSupport.newDatabaseName("indoubt");
        proxy = CommitCuttingProxy.to(EmbeddedPostgresSupport.port());
        // prepareThreshold=0: pgjdbc sends the commit's text every time instead of a prepared statement's name
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database + "?prepareThreshold=0";
        // short, so that the unknown-outcome case need not wait the default 10 s
        engine = EmbeddedEngine.start(settings(jdbcUrl).withProperty("engine.processing.in-doubt-timeout", "2s"));
        client = newClient(engine);
    }

    @AfterAll
    static void stopEngine() {
        EngineTestSupport.stopEngine();
        try {
            proxy.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBatchCommittedWhoseAnswerWasLostIsAnsweredWithItsResultNotRefused() {
        String id = uniqueId("answer-lost");
        deploy(Bpmn.createExecutableProcess(id).startEvent().serviceTask("work", t -> t.zeebeJobType(id))
                .endEvent().done(), id);
        long failuresBefore = processor().storeFailureCount();
        int cutsBefore = proxy.cuts();

        proxy.arm(CommitCuttingProxy.Cut.AFTER_COMMIT);
        long created = start(id, Map.of()).getProcessInstanceKey();

        assertThat(proxy.cuts()).isEqualTo(cutsBefore + 1);
        assertThat(processor().storeFailureCount()).isEqualTo(failuresBefore + 1);
        assertThat(created).isPositive();
        await().atMost(Duration.ofSeconds(20)).until(() -> processor().acceptsCommands());
        assertThat(instanceKeys(id)).containsExactly(created);

        long second = start(id, Map.of()).getProcessInstanceKey();
        assertThat(second).isNotEqualTo(created);
        assertThat(instanceKeys(id)).containsExactlyInAnyOrder(created, second);
        assertThat(client.newActivateJobsCommand().jobType(id).maxJobsToActivate(10).send().join().getJobs())
                .extracting(j -> j.getProcessInstanceKey()).containsExactlyInAnyOrder(created, second);
    }

    @Test
    void aBatchThatDidNotCommitIsRefusedAndNothingOfItIsLive() throws Exception {
        String id = uniqueId("not-committed");
        deploy(Bpmn.createExecutableProcess(id).startEvent().serviceTask("work", t -> t.zeebeJobType(id))
                .endEvent().done(), id);
        int cutsBefore = proxy.cuts();

        proxy.arm(CommitCuttingProxy.Cut.BEFORE_COMMIT);
        if (preferRest) {
            // raw: the official REST client sends a POST again by itself after a 503, which would hide the answer
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(engine.restAddress()
                            + "/v2/process-instances")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"processDefinitionId\":\"" + id + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("UNAVAILABLE", "send it again later");
        } else {
            assertRejected(catchThrowable(() -> start(id, Map.of())), 503, "send it again later");
        }

        assertThat(proxy.cuts()).isEqualTo(cutsBefore + 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> processor().acceptsCommands());
        assertThat(instanceKeys(id)).isEmpty();

        long retried = start(id, Map.of()).getProcessInstanceKey();
        assertThat(instanceKeys(id)).containsExactly(retried);
        // only the retry's job: the refused command left none (asked after the retry, so the poll need not wait)
        assertThat(client.newActivateJobsCommand().jobType(id).maxJobsToActivate(10).send().join().getJobs())
                .extracting(j -> j.getProcessInstanceKey()).containsExactly(retried);
    }

    @Test
    void aBatchWhoseOutcomeCannotBeLearnedInTimeIsAnsweredUnknownNotRefused() {
        String id = uniqueId("outcome-unknown");
        deploy(Bpmn.createExecutableProcess(id).startEvent().serviceTask("work", t -> t.zeebeJobType(id))
                .endEvent().done(), id);

        proxy.arm(CommitCuttingProxy.Cut.AFTER_COMMIT_THEN_DOWN);
        Throwable unknown;
        try {
            unknown = catchThrowable(() -> start(id, Map.of()));
        } finally {
            proxy.reconnect();
        }

        assertRejected(unknown, 504, "could not learn whether it was applied", "check whether it took effect");
        await().atMost(Duration.ofSeconds(30)).until(() -> processor().acceptsCommands());
        // the commit had gone through: checking before sending again finds the instance, once
        assertThat(instanceKeys(id)).hasSize(1);
    }

    private static List<Long> instanceKeys(String processId) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(processId)).send().join()
                .items().stream().map(i -> i.getProcessInstanceKey()).toList();
    }

    private static CommandProcessor processor() {
        return engine.context().getBean(CommandProcessor.class);
    }
}
