package org.opensafeguarding.workflow.casemessages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.api.search.enums.ElementInstanceState;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessHarness;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The case-messages API moving real cases on: the real models of {@code bpmn/}, the real intake, workers, tasklist and
 * engine ({@link ProcessTestSupport}). A child death review's reporting forms are answered through
 * {@code POST /api/cases/{id}/agency-requests/...}, one returned and one declined, which completes the multi-instance
 * {@code Sub_ReportingForms}; its post-mortem report arrives through {@code POST /api/cases/{id}/messages/...}, which
 * releases {@code ReceivePm} so the CDRM can be arranged.
 */
class CaseMessagesProcessTest extends ProcessTestSupport {

    /** TestReferrals' death: Sun 11 Feb 2024, 03:40 GMT. */
    private static final Instant MORNING_OF_DEATH = Instant.parse("2024-02-11T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COORDINATOR = "cdop-coordinator";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void agencyAnswersAndThePostMortemReportThroughTheApiMoveAChildDeathReviewOn() throws Exception {
        harness.setClock(MORNING_OF_DEATH);
        ProcessCase death = harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION, data -> {
            ((ObjectNode) data.get("death")).put("expectedness", "expected").put("postMortemRequired", true);
            ((ArrayNode) data.get("professionals")).addObject().put("role", "Involved professional")
                    .put("agency", "education");
        });
        harness.completeAsCaseworker(death, "Determination", determination());
        harness.awaitUserTask(death, "KeyWorker");
        harness.awaitQuiet(death);
        assertThat(harness.variable(death, "involvedAgencyIds").toString()).isEqualTo("[\"health\",\"education\"]");
        await("both reporting forms requested").atMost(ProcessHarness.WAIT).until(() -> agencyRequests(death).size() == 2);
        assertThat(agencyRequests(death)).containsExactlyInAnyOrder("education REQUESTED", "health REQUESTED");

        // health returns its form: the row says so and that agency's receive task completes
        HttpResponse<String> returned = respond(death, "health", "{\"response\": \"RETURNED\", \"receivedOn\": \"2024-02-11\"}");
        assertThat(returned.statusCode()).as(returned.body()).isEqualTo(202);
        assertThat(body(returned).path("delivery").asText()).isEqualTo("QUEUED");
        await("health's ReceiveRf completed").atMost(ProcessHarness.WAIT).until(() -> receivedForms(death) == 1);
        assertThat(agencyRequests(death)).containsExactlyInAnyOrder("education REQUESTED", "health RETURNED");
        assertThat(harness.jdbc().sql("SELECT responded_by || ' ' || received_on || ' ' || message_id FROM agency_request "
                        + "WHERE case_id = :id AND agency_id = 'health'").param("id", death.caseId().value())
                .query(String.class).single()).startsWith("test-cdop-coordinator 2024-02-11 agency-request:");

        // the same answer again changes nothing; a different one is refused
        await("health's answer delivered").atMost(ProcessHarness.WAIT)
                .until(() -> publishCommands(death, "agency-request.returned") == 1);
        HttpResponse<String> repeated = respond(death, "health", "{\"response\": \"RETURNED\", \"receivedOn\": \"2024-02-11\"}");
        assertThat(repeated.statusCode()).isEqualTo(200);
        assertThat(body(repeated).path("repeat").asBoolean()).isTrue();
        assertThat(body(repeated).path("delivery").asText()).isEqualTo("DELIVERED");
        assertThat(respond(death, "health", "{\"response\": \"DECLINED\"}").statusCode()).isEqualTo(409);
        assertThat(agencyRequests(death)).containsExactlyInAnyOrder("education REQUESTED", "health RETURNED");
        assertThat(harness.openUserTasks(death, "ArrangeCdrm")).isEmpty();

        // education cannot answer: declined, and the multi-instance is done
        assertThat(respond(death, "education", "{\"response\": \"DECLINED\"}").statusCode()).isEqualTo(202);
        await("education's ReceiveRf completed").atMost(ProcessHarness.WAIT).until(() -> receivedForms(death) == 2);
        await("Sub_ReportingForms completed").atMost(ProcessHarness.WAIT).until(() -> harness.elements(death).stream()
                .noneMatch(e -> List.of("Sub_ReportingForms", "ReceiveRf").contains(e.getElementId())
                        && e.getState() == ElementInstanceState.ACTIVE));
        assertThat(agencyRequests(death)).containsExactlyInAnyOrder("education DECLINED", "health RETURNED");
        assertThat(publishCommands(death, "agency-request.returned")).isEqualTo(2);

        harness.completeUserTask(death, "KeyWorker", Map.of("keyWorkerAssigned", true, "assignedOn", "2024-02-12"));
        harness.completeUserTask(death, "ParallelProcesses", Map.of("coronerStatus", "NOT_INVOLVED"));
        harness.awaitElementActive(death, "ReceivePm");
        assertThat(harness.openUserTasks(death, "ArrangeCdrm")).as("the CDRM waits for the post-mortem report").isEmpty();

        // the post-mortem report arrives: ReceivePm completes and the CDRM can be arranged
        HttpResponse<String> report = sendMessage(death, "cdr.post-mortem-report.received", "pm-report-1",
                "{\"receivedOn\": \"2024-02-11\"}");
        assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
        harness.awaitElementCompleted(death, "ReceivePm");
        harness.awaitUserTask(death, "ArrangeCdrm");
        assertThat(harness.variable(death, "postMortemReportReceivedOn").asText()).isEqualTo("2024-02-11");
        await("report delivered").atMost(ProcessHarness.WAIT)
                .until(() -> publishCommands(death, "cdr.post-mortem-report.received") == 1);
        HttpResponse<String> again = sendMessage(death, "cdr.post-mortem-report.received", "pm-report-1",
                "{\"receivedOn\": \"2024-02-11\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).path("delivery").asText()).isEqualTo("DELIVERED");
        assertThat(publishCommands(death, "cdr.post-mortem-report.received")).isEqualTo(1);
        assertThat(harness.jdbc().sql("SELECT count(*) FROM audit_log WHERE resource_id = :id AND action = 'REPLAY' "
                        + "AND detail->>'change' IN ('agency-response-repeated', 'case-message-repeated')")
                .param("id", death.caseId().toString()).query(Long.class).single()).isEqualTo(2);
        assertThat(harness.incidents(death)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Map<String, Object> determination() {
        Map<String, Object> v = new HashMap<>();
        v.put("expectedDeath", true);
        v.put("externalCauses", false);
        v.put("suddenNoApparentCause", false);
        v.put("custodyOrDetention", false);
        v.put("suspiciousCircumstances", false);
        v.put("unattendedStillbirth", false);
        v.put("postMortemRequired", true);
        v.put("decisionMakerRole", "DESIGNATED_DOCTOR");
        v.put("record.rationale", "Decided with the on-call paediatrician on the facts known at the time.");
        return v;
    }

    private List<String> agencyRequests(ProcessCase c) {
        return harness.jdbc().sql("SELECT agency_id || ' ' || status FROM agency_request WHERE case_id = :id")
                .param("id", c.caseId().value()).query(String.class).list();
    }

    private long receivedForms(ProcessCase c) {
        return harness.completedElements(c).stream().filter("ReceiveRf"::equals).count();
    }

    private long publishCommands(ProcessCase c, String messageName) {
        return harness.jdbc().sql("SELECT count(*) FROM engine_command WHERE case_id = :id AND kind = 'PUBLISH' "
                        + "AND message_name = :name AND status = 'DONE'")
                .param("id", c.caseId().value()).param("name", messageName).query(Long.class).single();
    }

    private HttpResponse<String> respond(ProcessCase c, String agency, String body) throws IOException, InterruptedException {
        return post("/api/cases/" + c.caseId() + "/agency-requests/cdr-reporting-form/" + agency + "/response", null, body);
    }

    private HttpResponse<String> sendMessage(ProcessCase c, String messageName, String key, String body)
            throws IOException, InterruptedException {
        return post("/api/cases/" + c.caseId() + "/messages/" + messageName, key, body);
    }

    private HttpResponse<String> post(String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", TestCallers.caseworker(COORDINATOR))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
