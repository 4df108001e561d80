package org.opensafeguarding.workflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.opensafeguarding.workflow.support.TestReferrals;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Child death review (bpmn/child-death-review.bpmn) raising a serious incident into the practice review
 * (bpmn/practice-review.bpmn) with {@code sin.candidate.raised}: two processes, two cases, one message.
 */
class ChildDeathProcessTest extends ProcessTestSupport {

    @Test
    void abuseSuspectedAtTheJarOpensOneSeriousIncidentCaseWhosePracticeReviewStartsFromTheMessage() {
        // notified the morning of the death (TestReferrals: Sun 11 Feb 2024, 03:40)
        harness.setClock(Instant.parse("2024-02-11T09:00:00Z"));
        ProcessCase death = harness.startCaseOverRest(TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION));

        harness.awaitUserTask(death, "Determination");
        assertThat(harness.variable(death, "dueC1").asText()).isEqualTo("2024-02-13T03:40:00Z");
        assertThat(harness.variable(death, "dueC3").asText()).isEqualTo("2024-02-12T03:40:00Z");
        assertThat(harness.hasCompleted(death, "Emit_C1")).as("notified within 48 hours").isFalse();
        Map<String, Object> determination = new HashMap<>();
        determination.put("expectedDeath", false);
        determination.put("externalCauses", true);
        determination.put("suddenNoApparentCause", false);
        determination.put("custodyOrDetention", false);
        determination.put("suspiciousCircumstances", false);
        determination.put("unattendedStillbirth", false);
        determination.put("postMortemRequired", true);
        determination.put("decisionMakerRole", "DESIGNATED_DOCTOR");
        harness.completeUserTask(death, "Determination", determination);
        harness.completeUserTask(death, "Iisd", Map.of("abuseOrNeglectSuspected", true, "s47StrategyMeetingNeeded", true,
                "decisionMakerRole", "DESIGNATED_DOCTOR"));
        harness.completeUserTask(death, "HomeVisit", Map.of("homeVisit", "DONE"));

        harness.awaitElementCompleted(death, "RaiseSin1");
        assertThat(harness.variable(death, "sinCandidateRaised").asBoolean()).isTrue();
        CaseId raised = CaseId.parse(harness.variable(death, "linkedCaseId").asText());

        ProcessCase incident = harness.awaitCase(raised);
        assertThat(incident.processId()).isEqualTo(ProcessIds.PRACTICE_REVIEW);
        harness.awaitUserTask(incident, "Threshold");
        harness.awaitQuiet(incident);
        assertThat(harness.completedElements(incident)).contains("Start_FromCdr", "OpenCase", "ComputeDeadlines");
        Map<String, JsonNode> variables = harness.variables(incident);
        assertThat(variables.get("caseId").asText()).isEqualTo(raised.toString());
        assertThat(variables.get("sourceCaseId").asText()).isEqualTo(death.caseId().toString());
        assertThat(variables.get("caseType").asText()).isEqualTo("SERIOUS_INCIDENT");
        assertThat(variables.get("processVersion").asText()).isEqualTo("CSPR-WT2018");
        // the LA became aware on Sunday: R1 counts 5 working days from Monday, R1a one
        assertThat(variables.get("dueR1").asText()).isEqualTo("2024-02-20T00:00:00Z");
        assertThat(variables.get("dueR1a").asText()).isEqualTo("2024-02-14T00:00:00Z");
        assertThat(harness.events(incident, "opened")).singleElement()
                .satisfies(e -> assertThat(e.data().path("channel").asText()).isEqualTo("PROCESS"));
        assertThat(harness.jdbc().sql("""
                SELECT link_type FROM case_link WHERE (case_id = :death AND linked_case_id = :incident)
                   OR (case_id = :incident AND linked_case_id = :death) ORDER BY link_type""")
                .param("death", death.caseId().value()).param("incident", raised.value()).query(String.class).list())
                .containsExactly("SIN_CANDIDATE", "SOURCE");

        // the death case carries on: reporting forms requested from the agencies on the notification
        harness.awaitUserTask(death, "KeyWorker");
        harness.awaitQuiet(death);
        assertThat(harness.jdbc().sql("SELECT agency_id || ' ' || request_type FROM agency_request WHERE case_id = :id")
                .param("id", death.caseId().value()).query(String.class).list()).containsExactly("health cdr-reporting-form");
        assertThat(harness.deadline(death, "CRF")).hasValueSatisfying(d ->
                assertThat(d.dueAt()).isEqualTo(Instant.parse("2024-03-12T00:00:00Z")));
        assertThat(harness.events(death, "notice.sent")).extracting(e -> e.text("notice")).containsExactly("ncmd-notified");
        // the post-mortem report arrives (intake / coordinator publishes it)
        harness.awaitElementActive(death, "ReceivePm");
        harness.publishMessage("cdr.post-mortem-report.received", death.caseId().toString(), Map.of());
        harness.awaitElementCompleted(death, "ReceivePm");

        // exactly one review for the death, started once
        assertThat(harness.client().newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(ProcessIds.PRACTICE_REVIEW)
                        .variables(Map.of("sourceCaseId", "\"" + death.caseId() + "\"")))
                .send().join().items()).hasSize(1);
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> harness.jdbc().sql(
                "SELECT status FROM engine_command WHERE case_id = :id AND kind = 'PUBLISH'")
                .param("id", raised.value()).query(String.class).single().equals("DONE"));
        assertThat(harness.incidents(death)).isEmpty();
        assertThat(harness.incidents(incident)).isEmpty();
        harness.assertEventsPseudonymised(death);
        harness.assertEventsPseudonymised(incident);
    }
}
