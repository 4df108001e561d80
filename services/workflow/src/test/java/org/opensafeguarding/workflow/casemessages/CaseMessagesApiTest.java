package org.opensafeguarding.workflow.casemessages;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.support.LocalEngine;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The case-messages API's refusals, idempotency and delivery against real parts: the local engine in-process (which
 * this class stops and restarts), embedded PostgreSQL and the in-process broker. Cases are rows made directly in the
 * case table; delivery is shown on a test model of its own ({@code src/test/resources/casemessages/}) whose receive
 * task waits for {@code lado.written-referral.received} by case id. The real models run in
 * {@link CaseMessagesProcessTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + WorkflowApplication.CONFIG_NAME,
                "safeguarding.engine-commands.retry-initial=200ms", "safeguarding.engine-commands.retry-max=1s"})
@DirtiesContext
class CaseMessagesApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WRITTEN = "lado.written-referral.received";
    private static final String TEST_PROCESS = "casemessages-test";

    static LocalEngine engine;
    static boolean deployed;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        engine = LocalEngine.start();
        TestInfrastructure.registerWithEngine(registry, engine);
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    CamundaClient client;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    CaseRepository cases;

    @BeforeEach
    void deployTestModel() {
        if (!deployed) {
            client.newDeployResourceCommand().addResourceFromClasspath("casemessages/casemessages-test.bpmn").send().join();
            deployed = true;
        }
    }

    // ------------------------------------------------------------------------------------------------ identity

    @Test
    void withoutAUserBothEndpointsAnswer401AndStoreNothing() {
        CaseId lado = newCase(CaseType.LADO_ALLEGATION, CaseStatus.OPEN);
        ResponseEntity<JsonNode> message = http.postForEntity("/api/cases/" + lado + "/messages/" + WRITTEN,
                new HttpEntity<>("{\"receivedOn\": \"2024-03-04\"}", headers(null, null, "k-1")), JsonNode.class);
        assertThat(message.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(message.getBody().path("code").asText()).isEqualTo("unauthenticated");

        CaseId death = newCase(CaseType.CHILD_DEATH, CaseStatus.OPEN);
        requestFrom(death, "cdr-reporting-form", "health");
        ResponseEntity<JsonNode> response = http.postForEntity(agencyResponseUri(death, "cdr-reporting-form", "health"),
                new HttpEntity<>("{\"response\": \"RETURNED\"}", headers(null, null, null)), JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertNothingStored(lado);
        assertNothingStored(death);
        assertThat(agencyRequestStatus(death, "health")).isEqualTo("REQUESTED");
    }

    @Test
    void aCallerOutsideTheSenderGroupsGets403AndADeniedAuditRow() {
        CaseId lado = newCase(CaseType.LADO_ALLEGATION, CaseStatus.OPEN);
        // a LADO manager works on LADO cases, but the written referral is for the LADO team to record
        ResponseEntity<JsonNode> message = sendMessage(lado, WRITTEN, "lado-manager", "k-1",
                "{\"receivedOn\": \"2024-03-04\"}");
        assertThat(message.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(message.getBody().path("detail").asText()).contains("[lado]");

        CaseId death = newCase(CaseType.CHILD_DEATH, CaseStatus.OPEN);
        requestFrom(death, "cdr-reporting-form", "health");
        ResponseEntity<JsonNode> response = respond(death, "cdr-reporting-form", "health", "lado",
                "{\"response\": \"RETURNED\"}");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        assertNothingStored(lado);
        assertNothingStored(death);
        assertThat(agencyRequestStatus(death, "health")).isEqualTo("REQUESTED");
        assertThat(audit(lado, "DENIED")).isEqualTo(1);
        assertThat(audit(death, "DENIED")).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ 404

    @Test
    void anUnknownCaseOrRequestIs404() {
        String unknown = UUID.randomUUID().toString();
        assertThat(sendMessage(unknown, WRITTEN, "lado", "k-1", "{\"receivedOn\": \"2024-03-04\"}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(sendMessage("not-a-case", WRITTEN, "lado", "k-1", "{\"receivedOn\": \"2024-03-04\"}")
                .getBody().path("code").asText()).isEqualTo("unknown-case");
        assertThat(respond(unknown, "cdr-reporting-form", "health", "cdop-coordinator", "{\"response\": \"RETURNED\"}")
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        CaseId death = newCase(CaseType.CHILD_DEATH, CaseStatus.OPEN);
        ResponseEntity<JsonNode> noRequest = respond(death, "cdr-reporting-form", "police", "cdop-coordinator",
                "{\"response\": \"RETURNED\"}");
        assertThat(noRequest.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(noRequest.getBody().path("code").asText()).isEqualTo("unknown-agency-request");
        assertNothingStored(death);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'REFUSED' AND resource_id = :id")
                .param("id", unknown).query(Long.class).single()).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------------ 400

    @Test
    void aMessageTheCaseTypeDoesNotReceiveIs400NamingTheMessageAndTheRule() {
        CaseId lado = newCase(CaseType.LADO_ALLEGATION, CaseStatus.OPEN);
        ResponseEntity<JsonNode> refused = sendMessage(lado, "cdr.post-mortem-report.received", "lado,cdop-coordinator",
                "k-1", "{\"receivedOn\": \"2024-03-04\"}");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("code").asText()).isEqualTo("message-not-allowed");
        assertThat(refused.getBody().path("detail").asText()).contains("cdr.post-mortem-report.received",
                "only CHILD_DEATH cases", "a LADO_ALLEGATION case may receive [" + WRITTEN + "]");

        ResponseEntity<JsonNode> elsewhere = sendMessage(lado, "agency-request.returned", "lado", "k-2", "{}");
        assertThat(elsewhere.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(elsewhere.getBody().path("detail").asText()).contains("/agency-requests/");
        ResponseEntity<JsonNode> unknown = sendMessage(lado, "no.such.message", "lado", "k-3", "{}");
        assertThat(unknown.getBody().path("code").asText()).isEqualTo("unknown-message");

        assertNothingStored(lado);
        assertThat(audit(lado, "REFUSED")).isEqualTo(3);
    }

    @Test
    void aBadBodyIs400NamingEachFieldAndRuleAndStoresNothing() {
        CaseId scr = newCase(CaseType.SERIOUS_CASE_REVIEW, CaseStatus.OPEN);
        String tomorrow = LocalDate.now().plusDays(2).toString();
        ResponseEntity<JsonNode> refused = sendMessage(scr, "review.panel-advice.received", "review-business-unit",
                "k-1", "{\"panelAdvice\": \"Thinks the LSCB should reconsider\", \"receivedOn\": \"" + tomorrow
                        + "\", \"notes\": \"the panel rang Ms Quillbrook\"}");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("code").asText()).isEqualTo("invalid-body");
        assertThat(refused.getBody().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("notes", "panelAdvice", "receivedOn");
        assertThat(refused.getBody().path("errors").findValuesAsText("rule"))
                .containsExactlyInAnyOrder("unknown-field", "enum", "not-in-future");
        assertThat(refused.getBody().toString()).doesNotContain("Quillbrook", "reconsider");

        ResponseEntity<JsonNode> missing = sendMessage(scr, "review.panel-advice.received", "review-chair", "k-2",
                "{\"receivedOn\": \"2024-3-4\"}");
        assertThat(missing.getBody().path("errors").findValuesAsText("rule")).containsExactlyInAnyOrder("required", "format");
        // a message's date is a business date: not before the case began (4 Mar 2024)
        ResponseEntity<JsonNode> early = sendMessage(scr, "review.panel-advice.received", "review-chair", "k-4",
                "{\"panelAdvice\": \"AGREES\", \"receivedOn\": \"2024-03-03\"}");
        assertThat(early.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(early.getBody().path("errors").findValuesAsText("rule")).containsExactly("not-before-case");
        assertThat(early.getBody().toString()).doesNotContain("2024-03-03");

        ResponseEntity<JsonNode> noKey = sendMessage(scr, "review.panel-advice.received", "review-chair", null,
                "{\"panelAdvice\": \"AGREES\", \"receivedOn\": \"2024-03-04\"}");
        assertThat(noKey.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noKey.getBody().path("code").asText()).isEqualTo("idempotency-key-required");
        ResponseEntity<JsonNode> notJson = sendMessage(scr, "review.panel-advice.received", "review-chair", "k-3", "{");
        assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        CaseId death = newCase(CaseType.CHILD_DEATH, CaseStatus.OPEN);
        requestFrom(death, "cdr-reporting-form", "health");
        ResponseEntity<JsonNode> badAnswer = respond(death, "cdr-reporting-form", "health", "cdop-coordinator",
                "{\"response\": \"LATE\", \"receivedOn\": \"yesterday\", \"document\": \"...\"}");
        assertThat(badAnswer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badAnswer.getBody().path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("response", "receivedOn", "document");
        assertThat(respond(death, "not-a-type", "health", "cdop-coordinator", "{\"response\": \"RETURNED\"}")
                .getBody().path("code").asText()).isEqualTo("unknown-request-type");

        assertNothingStored(scr);
        assertNothingStored(death);
        assertThat(agencyRequestStatus(death, "health")).isEqualTo("REQUESTED");
    }

    // ------------------------------------------------------------------------------------------------ 409

    @Test
    void aClosedCaseIs409() {
        CaseId closed = newCase(CaseType.LADO_ALLEGATION, CaseStatus.CLOSED);
        ResponseEntity<JsonNode> refused = sendMessage(closed, WRITTEN, "lado", "k-1", "{\"receivedOn\": \"2024-03-04\"}");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody().path("code").asText()).isEqualTo("case-closed");

        CaseId closedDeath = newCase(CaseType.CHILD_DEATH, CaseStatus.CLOSED);
        requestFrom(closedDeath, "cdr-reporting-form", "health");
        assertThat(respond(closedDeath, "cdr-reporting-form", "health", "cdop-coordinator", "{\"response\": \"DECLINED\"}")
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertNothingStored(closed);
        assertNothingStored(closedDeath);
        assertThat(agencyRequestStatus(closedDeath, "health")).isEqualTo("REQUESTED");
    }

    @Test
    void aKeyReusedForAnotherBodyOrADifferentAnswerIs409AndTheSameRequestAgainChangesNothing() {
        CaseId lado = newCase(CaseType.LADO_ALLEGATION, CaseStatus.OPEN);
        assertThat(sendMessage(lado, WRITTEN, "lado", "written-1", "{\"receivedOn\": \"2024-03-04\"}").getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        ResponseEntity<JsonNode> again = sendMessage(lado, WRITTEN, "lado", "written-1", "{\"receivedOn\": \"2024-03-04\"}");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("repeat").asBoolean()).isTrue();
        ResponseEntity<JsonNode> reused = sendMessage(lado, WRITTEN, "lado", "written-1", "{\"receivedOn\": \"2024-03-05\"}");
        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reused.getBody().path("code").asText()).isEqualTo("idempotency-key-reused");
        assertThat(count("SELECT count(*) FROM case_message WHERE case_id = '" + lado + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM engine_command WHERE kind = 'PUBLISH' AND case_id = '" + lado + "'"))
                .isEqualTo(1);

        CaseId death = newCase(CaseType.CHILD_DEATH, CaseStatus.OPEN);
        requestFrom(death, "cdr-reporting-form", "health");
        assertThat(respond(death, "cdr-reporting-form", "health", "cdop-coordinator", "{\"response\": \"RETURNED\"}")
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        ResponseEntity<JsonNode> different = respond(death, "cdr-reporting-form", "health", "cdop-coordinator",
                "{\"response\": \"DECLINED\"}");
        assertThat(different.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(different.getBody().path("code").asText()).isEqualTo("already-answered");
        assertThat(agencyRequestStatus(death, "health")).isEqualTo("RETURNED");
        assertThat(count("SELECT count(*) FROM engine_command WHERE kind = 'PUBLISH' AND case_id = '" + death + "'"))
                .isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ engine away

    @Test
    void whileTheEngineIsDownTheApiStillAcceptsAndTheMessageIsDeliveredWhenItIsBack() {
        CaseId lado = newCase(CaseType.LADO_ALLEGATION, CaseStatus.OPEN);
        long instance = client.newCreateInstanceCommand().bpmnProcessId(TEST_PROCESS).latestVersion()
                .variables(Map.of("caseId", lado.toString())).send().join().getProcessInstanceKey();
        CaseId death = newCase(CaseType.CHILD_DEATH, CaseStatus.OPEN);
        requestFrom(death, "cdr-reporting-form", "health");

        engine.stop();
        try {
            ResponseEntity<JsonNode> queued = sendMessage(lado, WRITTEN, "lado", "written-while-down",
                    "{\"receivedOn\": \"2024-03-04\"}");
            assertThat(queued.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(queued.getBody().path("delivery").asText()).isEqualTo("QUEUED");
            assertThat(queued.getBody().path("variables").path("writtenReferralReceivedOn").asText()).isEqualTo("2024-03-04");
            ResponseEntity<JsonNode> answer = respond(death, "cdr-reporting-form", "health", "cdop-coordinator",
                    "{\"response\": \"DECLINED\", \"receivedOn\": \"2024-03-04\"}");
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(agencyRequestStatus(death, "health")).isEqualTo("DECLINED");

            // the dispatcher keeps trying while the engine is away
            await().atMost(WAIT).until(() -> count("SELECT min(attempts) FROM engine_command WHERE kind = 'PUBLISH' "
                    + "AND case_id IN ('" + lado + "', '" + death + "')") >= 2);
            assertThat(count("SELECT count(*) FROM engine_command WHERE status = 'PENDING' AND case_id IN ('" + lado
                    + "', '" + death + "')")).isEqualTo(2);
            ResponseEntity<JsonNode> retried = sendMessage(lado, WRITTEN, "lado", "written-while-down",
                    "{\"receivedOn\": \"2024-03-04\"}");
            assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(retried.getBody().path("delivery").asText()).isEqualTo("QUEUED");
        } finally {
            engine.restart();
        }

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM engine_command WHERE status = 'DONE' AND case_id "
                + "IN ('" + lado + "', '" + death + "')") == 2);
        await().atMost(WAIT).ignoreExceptions().until(() -> client.newProcessInstanceGetRequest(instance).send().join()
                .getState() == ProcessInstanceState.COMPLETED);
        ResponseEntity<JsonNode> later = sendMessage(lado, WRITTEN, "lado", "written-while-down",
                "{\"receivedOn\": \"2024-03-04\"}");
        assertThat(later.getBody().path("delivery").asText()).isEqualTo("DELIVERED");
        assertThat(count("SELECT count(*) FROM engine_command WHERE kind = 'PUBLISH' AND case_id = '" + lado + "'"))
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT correlation_key FROM engine_command WHERE case_id = :id")
                .param("id", death.value()).query(String.class).single())
                .isEqualTo(death + "/cdr-reporting-form/health");
    }

    @Test
    void theOpenApiDocumentDescribesBothOperationsWithTheirHeaders() {
        JsonNode api = http.getForObject("/v3/api-docs", JsonNode.class);
        JsonNode send = api.path("paths").path("/api/cases/{caseId}/messages/{messageName}").path("post");
        JsonNode respond = api.path("paths").path("/api/cases/{caseId}/agency-requests/{requestType}/{agencyId}/response")
                .path("post");
        assertThat(send.path("tags").get(0).asText()).isEqualTo("Case messages");
        assertThat(send.path("parameters").findValuesAsText("name"))
                .contains("caseId", "messageName", "Idempotency-Key").doesNotContain("X-User-Id", "X-User-Groups");
        assertThat(send.path("responses").fieldNames()).toIterable().contains("200", "202", "400", "401", "403", "404", "409");
        assertThat(respond.path("parameters").findValuesAsText("name"))
                .contains("caseId", "requestType", "agencyId").doesNotContain("X-User-Id", "X-User-Groups");
        assertThat(respond.path("responses").fieldNames()).toIterable().contains("200", "202", "400", "404", "409");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private CaseId newCase(CaseType type, CaseStatus status) {
        CaseId caseId = CaseId.newId();
        String processId = switch (type) {
            case LADO_ALLEGATION -> "lado-allegation";
            case CHILD_DEATH -> "child-death-review-cdr2018";
            case SERIOUS_CASE_REVIEW -> "scr-referral-wt2013";
            case SERIOUS_INCIDENT -> "practice-review-wt2018";
        };
        transactions.executeWithoutResult(s -> cases.insert(new CaseRecord(caseId, type, processId, "TEST", "default",
                status, LocalDate.of(2024, 3, 4), null, Instant.now(), null)));
        return caseId;
    }

    private void requestFrom(CaseId caseId, String requestType, String agencyId) {
        jdbc.sql("""
                        INSERT INTO agency_request (case_id, job_key, request_type, agency_id, status, requested_at)
                        VALUES (:caseId, :jobKey, :type, :agency, 'REQUESTED', :at)""")
                .param("caseId", caseId.value())
                .param("jobKey", Math.abs(UUID.randomUUID().getMostSignificantBits()))
                .param("type", requestType)
                .param("agency", agencyId)
                .param("at", Timestamp.from(Instant.now()))
                .update();
    }

    private ResponseEntity<JsonNode> sendMessage(Object caseId, String messageName, String groups, String key, String body) {
        return http.postForEntity("/api/cases/" + caseId + "/messages/" + messageName,
                new HttpEntity<>(body, headers("amelia", groups, key)), JsonNode.class);
    }

    private ResponseEntity<JsonNode> respond(Object caseId, String requestType, String agencyId, String groups, String body) {
        return http.postForEntity(agencyResponseUri(caseId, requestType, agencyId),
                new HttpEntity<>(body, headers("amelia", groups, null)), JsonNode.class);
    }

    private static String agencyResponseUri(Object caseId, String requestType, String agencyId) {
        return "/api/cases/" + caseId + "/agency-requests/" + requestType + "/" + agencyId + "/response";
    }

    private static HttpHeaders headers(String user, String groups, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (user != null) {
            headers.set(HttpHeaders.AUTHORIZATION, TestCallers.bearer(user, groups));
        }
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        return headers;
    }

    private void assertNothingStored(CaseId caseId) {
        assertThat(count("SELECT count(*) FROM case_message WHERE case_id = '" + caseId + "'")).isZero();
        assertThat(count("SELECT count(*) FROM engine_command WHERE case_id = '" + caseId + "'")).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE action IN ('UPDATE', 'REPLAY') AND resource_id = '"
                + caseId + "'")).isZero();
    }

    private String agencyRequestStatus(CaseId caseId, String agencyId) {
        return jdbc.sql("SELECT status FROM agency_request WHERE case_id = :id AND agency_id = :agency")
                .param("id", caseId.value()).param("agency", agencyId).query(String.class).single();
    }

    private long audit(CaseId caseId, String action) {
        return count("SELECT count(*) FROM audit_log WHERE action = '" + action + "' AND resource_id = '" + caseId + "'");
    }

    private long count(String sql) {
        Long value = jdbc.sql(sql).query(Long.class).single();
        return value == null ? 0 : value;
    }
}
