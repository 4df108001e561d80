package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.engine.processing.CommandProcessor;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * The engine's store fails for real: a trigger in the engine's own tables raises on every write, as a database
 * that has gone read-only or lost its rights would. The batch in flight is refused, the engine refuses every
 * command (503 with Retry-After over REST, UNAVAILABLE with RetryInfo over gRPC) and reports DOWN until it has
 * reloaded its state from the store; afterwards nothing refused is live and a retried command does not duplicate.
 * A rejected command, and a timer that cannot fire, must not rebuild the state.
 */
class StoreFailureTest extends EngineTestSupport {

    @AfterEach
    void storeBack() throws SQLException {
        healStore();
        resetClock();
    }

    @Test
    void aFailedCommitRefusesCommandsUntilTheStateIsReloadedAndARetryDoesNotDuplicate() throws Exception {
        String id = uniqueId("outage");
        deploy(Bpmn.createExecutableProcess(id).startEvent().serviceTask("work", t -> t.zeebeJobType(id))
                .endEvent().done(), id);
        long acknowledged = start(id, Map.of()).getProcessInstanceKey();
        long failuresBefore = processor().storeFailureCount();

        breakStore();
        Throwable failedCommit = catchThrowable(() -> start(id, Map.of()));
        assertUnavailable(failedCommit);
        assertThat(processor().storeFailureCount()).isEqualTo(failuresBefore + 1);
        assertThat(processor().acceptsCommands()).isFalse();

        // while the store refuses writes, every command is refused with a hint when to try again
        assertUnavailable(catchThrowable(() -> start(id, Map.of())));
        assertUnavailable(catchThrowable(() -> client.newPublishMessageCommand().messageName(id)
                .correlationKey("k").send().join()));
        HttpResponse<String> raw = HTTP.send(HttpRequest.newBuilder(URI.create(engine.restAddress()
                        + "/v2/process-instances")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"processDefinitionId\":\"" + id + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(503);
        assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(raw.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 5L));
        assertThat(raw.body()).contains("\"status\":503", "UNAVAILABLE", "send it again later");
        assertThat(health("/actuator/health").statusCode()).isEqualTo(503);
        assertThat(health("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(health("/actuator/health/liveness").statusCode()).isEqualTo(200);

        healStore();
        await().atMost(Duration.ofSeconds(20)).until(() -> processor().acceptsCommands());
        await().atMost(Duration.ofSeconds(5)).until(() -> health("/actuator/health").statusCode() == 200);

        long retried = start(id, Map.of()).getProcessInstanceKey();
        var instances = client.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(id))
                .send().join().items();
        assertThat(instances).extracting(i -> i.getProcessInstanceKey())
                .containsExactlyInAnyOrder(acknowledged, retried);
        var jobs = client.newActivateJobsCommand().jobType(id).maxJobsToActivate(10).send().join().getJobs();
        assertThat(jobs).extracting(j -> j.getProcessInstanceKey())
                .containsExactlyInAnyOrder(acknowledged, retried);
    }

    @Test
    void rejectedCommandsChangeNothingAndReloadNothing() {
        String id = uniqueId("rejected");
        deploy(Bpmn.createExecutableProcess(id).startEvent().serviceTask("work", t -> t.zeebeJobType(id))
                .endEvent().done(), id);
        start(id, Map.of());
        long jobKey = client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1).send().join()
                .getJobs().get(0).getKey();
        client.newFailCommand(jobKey).retries(2).send().join();
        long reloads = processor().reloadCount();

        assertRejected(catchThrowable(() -> client.newCompleteCommand(123_456L).send().join()), 404);
        assertRejected(catchThrowable(() -> client.newCorrelateMessageCommand().messageName(id + "-nobody")
                .correlationKey("k").send().join()), 404, "subscription");
        assertRejected(catchThrowable(() -> client.newCreateInstanceCommand().bpmnProcessId(id + "-unknown")
                .latestVersion().send().join()), 404);
        // the timeout is refused (the job is not activated), so the retries of the same command must not stick
        assertRejected(catchThrowable(() -> client.newUpdateJobCommand(jobKey)
                .update(7, Duration.ofMinutes(1).toMillis()).send().join()), 409, "not activated");
        assertRejected(catchThrowable(() -> deploy(Bpmn.createExecutableProcess(id + "-timer").startEvent()
                .timerWithDate("=\"not a date\"").endEvent().done(), id + "-timer")), 400, "invalid timer");

        assertThat(processor().reloadCount()).isEqualTo(reloads);
        var job = client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1).send().join().getJobs().get(0);
        assertThat(job.getKey()).isEqualTo(jobKey);
        assertThat(job.getRetries()).isEqualTo(2);
        assertThat(client.newProcessDefinitionSearchRequest().filter(f -> f.processDefinitionId(id + "-timer"))
                .send().join().items()).isEmpty();
    }

    @Test
    void aTimerThatCannotFireIsTriedAgainWithBackOffThenGivenUpAndTheEngineKeepsServing() throws SQLException {
        String id = uniqueId("broken-timer");
        deploy(Bpmn.createExecutableProcess(id).startEvent("every-hour").timerWithDuration("PT1H")
                .endEvent().done(), id);
        // the stored model is damaged behind the engine's back; read again at a restart, its timer cannot fire
        sql("UPDATE engine_record SET body = jsonb_set(body::jsonb, '{resource}', '\"<broken/>\"')::text "
                + "WHERE kind = 'PROCESS_DEFINITION' AND body::jsonb ->> 'bpmnProcessId' = '" + id + "'");
        restartEngine();
        long reloads = processor().reloadCount();
        try {
            advanceClock(Duration.ofHours(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> processor().reloadCount() > reloads);
            // at every due check (100 ms) this would be about 15 reloads; with back-off (1 s, 2 s, ...) at most 2
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> processor().reloadCount() - reloads <= 2);
            assertThat(processor().acceptsCommands()).isTrue();
            String other = uniqueId("still-serving");
            deploy(Bpmn.createExecutableProcess(other).startEvent().endEvent().done(), other);
            start(other, Map.of());

            // after four attempts (at once, +1 s, +2 s, +4 s) a start event's timer is given up, not tried for ever
            await().atMost(Duration.ofSeconds(20)).until(() -> processor().timersGivenUp() == 1);
            assertThat(processor().reloadCount() - reloads).isEqualTo(4);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> processor().reloadCount() - reloads == 4);
            // a new version without the timer start event replaces the broken one's timer, and the count goes
            deploy(Bpmn.createExecutableProcess(id).startEvent().endEvent().done(), id);
            await().atMost(Duration.ofSeconds(5)).until(() -> processor().timersGivenUp() == 0);
        } finally {
            // a new version without the timer start event replaces the broken one's timer
            deploy(Bpmn.createExecutableProcess(id).startEvent().endEvent().done(), id);
        }
    }

    /**
     * A timer of an element instance that fails every attempt stops being tried (each attempt rebuilds the whole
     * state) and becomes an incident an operator can see and resolve; the element goes on meanwhile, and the
     * incident, kept in the store, holds the timer across a restart.
     */
    @Test
    void anInstancesTimerThatKeepsFailingBecomesAnIncidentAndFiresOnceItIsResolved() throws SQLException {
        String id = uniqueId("broken-deadline");
        deploy(Bpmn.createExecutableProcess(id).startEvent().serviceTask("work", t -> t.zeebeJobType(id))
                .boundaryEvent("deadline").timerWithDuration("PT1H").endEvent("late")
                .moveToActivity("work").endEvent("done").done(), id);
        long instance = start(id, Map.of()).getProcessInstanceKey();
        String definition = "kind = 'PROCESS_DEFINITION' AND body::jsonb ->> 'bpmnProcessId' = '" + id + "'";
        String saved = "saved_" + id.replaceAll("[^a-zA-Z0-9]", "_");
        // the stored model is damaged behind the engine's back; read again at a restart, its timer cannot fire
        sql("CREATE TABLE " + saved + " AS SELECT * FROM engine_record WHERE " + definition,
                "UPDATE engine_record SET body = jsonb_set(body::jsonb, '{resource}', '\"<broken/>\"')::text "
                        + "WHERE " + definition);
        restartEngine();
        long reloads = processor().reloadCount();
        try {
            advanceClock(Duration.ofHours(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> incidents(instance).size() == 1);
            var incident = incidents(instance).get(0);
            assertThat(incident.getErrorType()).isEqualTo(IncidentErrorType.UNKNOWN);
            assertThat(incident.getElementId()).isEqualTo("work");
            assertThat(incident.getErrorMessage()).contains("timer 'deadline'").contains("could not fire 4 times")
                    .contains("Resolve the incident");
            assertThat(processor().reloadCount() - reloads).as("one reload per attempt").isEqualTo(4);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> processor().reloadCount() - reloads == 4);
            assertThat(client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1).send().join().getJobs())
                    .as("the element goes on: its job is still handed out").hasSize(1);

            sql("UPDATE engine_record r SET body = s.body FROM " + saved + " s "
                    + "WHERE r.kind = s.kind AND r.record_key = s.record_key");
            restartEngine();
            long reloadsAfterRestart = processor().reloadCount();
            advanceClock(Duration.ofHours(2));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> incidents(instance).size() == 1);
            assertThat(client.newProcessInstanceGetRequest(instance).send().join().getState())
                    .as("the incident holds the timer across the restart").isEqualTo(ProcessInstanceState.ACTIVE);

            client.newResolveIncidentCommand(incident.getIncidentKey()).send().join();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.newProcessInstanceGetRequest(instance)
                    .send().join().getState() == ProcessInstanceState.COMPLETED);
            assertThat(client.newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(instance)
                    .elementId("late")).send().join().items()).as("the deadline fired").hasSize(1);
            assertThat(processor().reloadCount()).isEqualTo(reloadsAfterRestart);
        } finally {
            // repaired whatever happened, so that a failure here does not break the next test's engine as well
            sql("UPDATE engine_record r SET body = s.body FROM " + saved + " s "
                    + "WHERE r.kind = s.kind AND r.record_key = s.record_key", "DROP TABLE " + saved);
        }
    }

    private static java.util.List<io.camunda.client.api.search.response.Incident> incidents(long instance) {
        return client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(instance)
                .state(IncidentState.ACTIVE)).send().join().items();
    }

    private static void assertUnavailable(Throwable error) {
        assertRejected(error, 503, "send it again later");
        if (error instanceof ClientStatusException status) {
            com.google.rpc.Status detail = StatusProto.fromThrowable(status.getCause());
            assertThat(detail).isNotNull();
            assertThat(detail.getDetailsList()).anySatisfy(any -> {
                assertThat(any.is(com.google.rpc.RetryInfo.class)).isTrue();
                try {
                    assertThat(any.unpack(com.google.rpc.RetryInfo.class).getRetryDelay().getSeconds())
                            .isBetween(1L, 5L);
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(status.getStatusCode()).isEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    private static CommandProcessor processor() {
        return engine.context().getBean(CommandProcessor.class);
    }

    private static HttpResponse<String> health(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(engine.managementAddress() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void breakStore() throws SQLException {
        sql("CREATE OR REPLACE FUNCTION engine_store_offline() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'engine store offline (test)'; END $$",
                "CREATE TRIGGER offline BEFORE INSERT OR UPDATE OR DELETE ON engine_record "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION engine_store_offline()",
                "CREATE TRIGGER offline BEFORE INSERT OR UPDATE OR DELETE ON engine_meta "
                        + "FOR EACH STATEMENT EXECUTE FUNCTION engine_store_offline()");
    }

    private static void healStore() throws SQLException {
        sql("DROP TRIGGER IF EXISTS offline ON engine_record", "DROP TRIGGER IF EXISTS offline ON engine_meta");
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, EmbeddedPostgresSupport.username(),
                EmbeddedPostgresSupport.password()); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
