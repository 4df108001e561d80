package org.opensafeguarding.workflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.CaseEvent;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.opensafeguarding.workflow.support.TestReferrals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Child death review ({@code bpmn/child-death-review.bpmn}, {@code child-death-review-cdr2018}, docs/processes.md §3,
 * DOMAIN §4) through the real intake, tasklist, workers and engine, one test per path; with the practice review
 * ({@code bpmn/practice-review.bpmn}) it starts with {@code sin.candidate.raised}.
 *
 * <p>The referral ({@link TestReferrals}) reports an unexpected death on Sun 11 Feb 2024 at 03:40 (GMT), so with the
 * default timescales C1 and C2 are late from 13 Feb 03:40 (48 h) and C3 from 12 Feb 03:40 (24 h): due ({@code dueC1},
 * {@code dueC2}, {@code dueC3}) the second before, 03:39:59. C2 and C3 are owed only when a JAR is needed.
 * Tests that need the C1-C3 clocks running set the clock to the morning of the death first.
 *
 * <p>Coverage (from the BPMN XML: every exclusive-gateway branch, the parallel split, the three timer boundaries,
 * every message catch and the message the process raises):
 * <table>
 * <tr><th>Element / branch</th><th>Test</th></tr>
 * <tr><td>{@code Gw_C1} Yes (on time, default)</td><td>{@link #jarWithAbuseSuspectedRaisesOneReviewAndTheReviewOfTheDeathRunsToTheEnd},
 *     {@link #theC1CheckAtItsBoundaryAfterAWorkerFailureThatBecameAnIncidentAndRecovered} (1 ms before due)</td></tr>
 * <tr><td>{@code Gw_C1} No: late → {@code Emit_C1}</td><td>{@link #reportingFormsAreRequestedFromEveryAgencyOnTheNotificationAndChasedWhenOverdue}
 *     (weeks late), {@link #theC1CheckAtItsBoundaryAfterAWorkerFailureThatBecameAnIncidentAndRecovered} (exactly at due)</td></tr>
 * <tr><td>{@code Gw_Jar} Yes → {@code Sub_Jar} ({@code Iisd}, {@code HomeVisit})</td><td>jarWithAbuse..., jarDeadlines...</td></tr>
 * <tr><td>{@code Gw_Jar} No (default)</td><td>anExpectedDeathWithoutJar..., reportingForms..., regimes...</td></tr>
 * <tr><td>{@code Gw_Abuse1} Yes → {@code RaiseSin1} ({@code sin.candidate.raised})</td><td>jarWithAbuse..., oneDeathRaisesAtMostOneReview...</td></tr>
 * <tr><td>{@code Gw_Abuse1} No (default)</td><td>anExpectedDeathWithoutJar..., jarDeadlines...</td></tr>
 * <tr><td>{@code Split_Info} → {@code KeyWorker}, {@code Sub_ReportingForms} (multi-instance), {@code Gw_Pm}, {@code ParallelProcesses} → {@code Join_Info}</td><td>every test that gets past the JAR</td></tr>
 * <tr><td>{@code ReceiveRf} ({@code agency-request.returned}, key {@code <caseId>/cdr-reporting-form/<agencyId>}, one DECLINED)</td><td>reportingForms...</td></tr>
 * <tr><td>{@code Timer_CRF_ReceiveRf} → {@code Emit_CRF_ReceiveRf} → {@code EscalationDone_CRF_ReceiveRf}; escalation
 *     CRF ({@code cdop-coordinator}); {@code Sub_ReportingForms} completes before it is answered</td><td>reportingForms...</td></tr>
 * <tr><td>{@code Timer_C2_Iisd} → {@code Emit_C2_Iisd} → {@code EscalationDone_C2_Iisd}; escalation C2 ({@code cdop-chair});
 *     {@code Sub_Jar} completes and the case moves on before it is answered</td><td>jarDeadlines... [C2]</td></tr>
 * <tr><td>{@code Timer_C3_HomeVisit} → {@code Emit_C3_HomeVisit} → {@code EscalationDone_C3_HomeVisit}; escalation C3
 *     ({@code cdop-chair})</td><td>jarDeadlines... [C3]</td></tr>
 * <tr><td>escalation tasks: {@code Escalate} of {@code deadline-escalation}, an instance of its own per breach</td><td>the three above</td></tr>
 * <tr><td>{@code Gw_Pm} Yes → {@code ReceivePm} ({@code cdr.post-mortem-report.received})</td><td>jarWithAbuse..., oneDeathRaises...</td></tr>
 * <tr><td>{@code Gw_Pm} No (default)</td><td>anExpectedDeathWithoutJar..., reportingForms..., regimes...</td></tr>
 * <tr><td>{@code Gw_Wait} Yes → {@code ReceiveParallel} ({@code cdr.parallel-processes.concluded})</td><td>anExpectedDeathWithoutJar...</td></tr>
 * <tr><td>{@code Gw_Wait} No (default)</td><td>jarWithAbuse..., regimes...</td></tr>
 * <tr><td>{@code Gw_Abuse2} Yes → {@code RaiseSin2}</td><td>anExpectedDeathWithoutJar... (first raise), oneDeathRaisesAtMostOneReview... (second raise returns the first case)</td></tr>
 * <tr><td>{@code Gw_Abuse2} No (default): not suspected / already referred</td><td>regimes... / jarWithAbuse...</td></tr>
 * <tr><td>{@code Gw_Recs} Yes → {@code IssueRecs}</td><td>anExpectedDeathWithoutJar...</td></tr>
 * <tr><td>{@code Gw_Recs} No (default)</td><td>jarWithAbuse..., regimes...</td></tr>
 * <tr><td>{@code NcmdNotified} / {@code NcmdFinalised} ({@code ncmd_submission} NCMD or LSCB1)</td><td>jarWithAbuse..., regimes...</td></tr>
 * <tr><td>{@code EventSub_FurtherReferral} ({@code referral-received}) → {@code ReviewFurtherReferral}</td><td>aFurtherNotificationNamingTheCase...</td></tr>
 * <tr><td>worker failure → incident → recovery</td><td>theC1Check... (technical: retries, then incident), regimes... (bad input: incident at once)</td></tr>
 * </table>
 */
class ChildDeathProcessTest extends ProcessTestSupport {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** TestReferrals' death: Sun 11 Feb 2024, 03:40 GMT. */
    private static final Instant MORNING_OF_DEATH = Instant.parse("2024-02-11T09:00:00Z");
    private static final Instant DUE_C1_C2 = Instant.parse("2024-02-13T03:39:59Z");
    private static final Instant DUE_C3 = Instant.parse("2024-02-12T03:39:59Z");

    // ------------------------------------------------------------------------------------------------ paths

    @Test
    void jarWithAbuseSuspectedRaisesOneReviewAndTheReviewOfTheDeathRunsToTheEnd() {
        harness.setClock(MORNING_OF_DEATH);
        ProcessCase death = harness.startCaseOverRest(TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION));

        UserTask determinationTask = harness.awaitUserTask(death, "Determination");
        harness.awaitQuiet(death);
        assertThat(determinationTask.getCandidateGroups()).containsExactly("cdop-coordinator");
        assertThat(harness.variable(death, "processVersion").asText()).isEqualTo("CDR-2018");
        assertThat(harness.variable(death, "dueC1").asText()).isEqualTo("2024-02-13T03:39:59Z");
        assertThat(harness.variable(death, "breachAtC1").asText()).isEqualTo("2024-02-13T03:40:00Z");
        // C2 and C3 wait for the determination: owed only if a joint agency response is needed
        assertThat(harness.deadline(death, "C2")).isEmpty();
        assertThat(harness.deadline(death, "C1")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));
        assertThat(harness.variable(death, "involvedAgencyIds").toString()).isEqualTo("[\"health\"]");
        assertThat(harness.completedElements(death)).containsSubsequence("Start_Notified", "OpenCase",
                "ComputeDeadlines", "NcmdNotified", "Gw_C1", "Gw_C1_Merge");
        assertThat(harness.hasCompleted(death, "Emit_C1")).as("notified within 48 hours").isFalse();
        assertThat(ncmd(death)).containsExactly("NOTIFIED NCMD null null QUEUED");

        // the determination has no deadline of its own: completing it meets nothing (C2 is the discussion's)
        assertThat(determinationTask.getDueDate().toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 16)); // now() + P5D
        harness.completeAsCaseworker(death, "Determination", determination(false, true, true));
        // a joint agency response: C2 and C3 are owed from now, still from the death
        UserTask iisd = harness.awaitUserTask(death, "Iisd");
        assertThat(iisd.getDueDate().toInstant()).isEqualTo(DUE_C1_C2);
        assertThat(harness.deadline(death, "C2")).hasValueSatisfying(d -> {
            assertThat(d.status()).isEqualTo("OPEN");
            assertThat(d.dueAt()).isEqualTo(DUE_C1_C2);
        });
        harness.completeAsCaseworker(death, "Iisd", informationSharing(true, harness.today()));
        assertThat(harness.deadline(death, "C2")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));
        harness.completeAsCaseworker(death, "HomeVisit", Map.of("homeVisit", "DONE", "visitOn", "2024-02-11"));

        // the serious incident: a new case, linked both ways, whose practice review the message started
        harness.awaitElementCompleted(death, "RaiseSin1");
        assertThat(harness.variable(death, "sinCandidateRaised").asBoolean()).isTrue();
        CaseId raised = CaseId.parse(harness.variable(death, "linkedCaseId").asText());
        ProcessCase incident = harness.awaitCase(raised);
        assertThat(incident.processId()).isEqualTo(ProcessIds.PRACTICE_REVIEW);
        harness.awaitUserTask(incident, "Threshold");
        harness.awaitQuiet(incident);
        assertThat(harness.completedElements(incident)).containsSubsequence("Start_FromCdr", "OpenCase", "ComputeDeadlines");
        Map<String, JsonNode> incidentVariables = harness.variables(incident);
        assertThat(incidentVariables.get("caseId").asText()).isEqualTo(raised.toString());
        assertThat(incidentVariables.get("sourceCaseId").asText()).isEqualTo(death.caseId().toString());
        assertThat(incidentVariables.get("caseType").asText()).isEqualTo("SERIOUS_INCIDENT");
        assertThat(incidentVariables.get("processVersion").asText()).isEqualTo("CSPR-WT2018");
        // the LA became aware on Sunday: R1 counts 5 working days from Monday, R1a one
        // (R1 only once the partners find the criteria met)
        assertThat(incidentVariables).doesNotContainKey("dueR1");
        assertThat(incidentVariables.get("dueR1a").asText()).isEqualTo("2024-02-13T23:59:59Z");
        assertThat(caseFile(raised)).isEqualTo("SERIOUS_INCIDENT " + ProcessIds.PRACTICE_REVIEW
                + " CSPR-WT2018 OPEN 2024-02-11 " + incident.processInstanceKey());
        assertThat(links(death, raised)).containsExactly("SIN_CANDIDATE", "SOURCE");
        assertThat(harness.events(incident, "opened")).singleElement()
                .satisfies(e -> assertThat(e.data().path("channel").asText()).isEqualTo("PROCESS"));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.jdbc().sql(
                "SELECT status FROM engine_command WHERE case_id = :id AND kind = 'PUBLISH'")
                .param("id", raised.value()).query(String.class).single().equals("DONE"));

        // the death case carries on: information gathering, the CDRM waits for the post-mortem report
        harness.awaitUserTask(death, "KeyWorker");
        harness.awaitQuiet(death);
        assertThat(agencyRequests(death)).containsExactly("health cdr-reporting-form REQUESTED");
        harness.completeAsCaseworker(death, "KeyWorker", Map.of("keyWorkerAssigned", true, "familyInformed", true,
                "assignedOn", harness.today()));
        returnReportingForm(death, "health", "RETURNED");
        harness.completeAsCaseworker(death, "ParallelProcesses", Map.of("coronerStatus", "INQUEST_OPENED",
                "policeInvestigation", true, "practiceReviewLinked", true));
        harness.awaitElementActive(death, "ReceivePm");
        assertThat(harness.openUserTasks(death, "ArrangeCdrm")).as("the CDRM waits for the post-mortem report").isEmpty();
        harness.publishMessage("cdr.post-mortem-report.received", death.caseId().toString(), Map.of());
        harness.completeAsCaseworker(death, "ArrangeCdrm", Map.of("cdrmPlannedOn", "2024-03-20", "noticeGiven", true));
        harness.completeAsCaseworker(death, "Cdrm", Map.of("cdrmHeldOn", harness.today(), "analysisFormDrafted", true,
                "waitForParallelProcesses", false));
        // the CDOP suspects abuse too, but the death has raised its referral already
        harness.completeAsCaseworker(death, "CdopReview", cdopReview("1", "IDENTIFIED", true, false));
        harness.awaitProcessCompleted(death);

        assertThat(harness.completedElements(death)).containsSubsequence("Determination", "Gw_Jar", "Sub_Jar",
                "Iisd", "HomeVisit", "Gw_Jar_Merge", "Gw_Abuse1", "RaiseSin1", "Gw_Abuse1_Merge", "Split_Info");
        assertThat(harness.completedElements(death)).containsSubsequence("Join_Info", "ArrangeCdrm", "Cdrm", "Gw_Wait",
                "Gw_Wait_Merge", "CdopReview", "Gw_Abuse2", "Gw_Abuse2_Merge", "Gw_Recs", "Gw_Recs_Merge",
                "NcmdFinalised", "CloseRecord", "End_Closed");
        assertThat(harness.completedElements(death)).contains("KeyWorker", "Sub_ReportingForms", "ReceiveRf",
                "Gw_Pm", "ReceivePm", "Gw_Pm_Merge", "ParallelProcesses")
                .doesNotContain("Emit_C1", "RaiseSin2", "ReceiveParallel", "IssueRecs");
        Map<String, JsonNode> variables = harness.variables(death);
        assertThat(variables.get("jarCriteriaMet").asBoolean()).isTrue();
        assertThat(variables.get("expectedDeath").asBoolean()).isFalse();
        assertThat(variables.get("jarCriteria").path("externalCauses").asBoolean()).isTrue();
        assertThat(variables.get("homeVisitDone").asBoolean()).isTrue();
        assertThat(variables.get("keyWorkerAssigned").asBoolean()).isTrue();
        assertThat(variables.get("parallelProcesses").path("coroner").asBoolean()).isTrue();
        assertThat(variables.get("parallelProcesses").path("police").asBoolean()).isTrue();
        assertThat(variables.get("reportingFormsReceived").toString()).isEqualTo("[\"health\"]");
        assertThat(variables.get("categoryOfDeath").asText()).isEqualTo("1");
        assertThat(variables.get("modifiableFactors").asText()).isEqualTo("IDENTIFIED");
        assertThat(variables.get("linkedCaseId").asText()).isEqualTo(raised.toString());

        assertThat(harness.caseStatus(death)).isEqualTo("CLOSED");
        assertThat(closureReason(death)).isNull();
        assertThat(ncmd(death)).containsExactly("FINALISED NCMD 1 IDENTIFIED QUEUED", "NOTIFIED NCMD null null QUEUED");
        assertThat(decisions(death)).containsExactly("cdr-death-determination DESIGNATED_DOCTOR",
                "cdr-jar-information-sharing DESIGNATED_DOCTOR", "cdop-review CDOP_CHAIR");
        // the JAR steps were done in time: their deadlines are met (C3 and C2 by their tasks); C1 was met on arrival;
        // CRF is settled by no task (a receive task), so the closure lapses it
        assertThat(harness.deadlines(death)).extracting(Deadlines.Deadline::timescaleId, Deadlines.Deadline::status)
                .containsExactlyInAnyOrder(tuple("C1", "MET"), tuple("C2", "MET"), tuple("C3", "MET"),
                        tuple("CRF", "LAPSED"));
        assertThat(harness.events(death, "deadline.lapsed")).extracting(e -> e.text("timescale"))
                .containsExactlyInAnyOrder("CRF");
        assertThat(harness.events(death, "deadline.met")).extracting(e -> e.text("timescale"))
                .containsExactly("C1", "C2", "C3");
        assertThat(harness.events(death, "deadline.breached")).isEmpty();
        assertThat(harness.events(death, "notice.sent")).extracting(e -> e.text("notice"))
                .containsExactly("ncmd-notified", "ncmd-finalised");
        assertThat(harness.events(death, "outcome.recorded")).extracting(e -> e.text("outcomeType") + "=" + e.text("outcome"))
                .containsExactly("category-of-death=1", "modifiable-factors=IDENTIFIED");
        assertThat(harness.events(death, "closed")).hasSize(1);
        assertThat(harness.events(death, "decision.recorded")).hasSize(3);
        assertThat(oneReviewPerDeath(death)).isEqualTo(1);
        assertThat(harness.incidents(death)).isEmpty();
        assertThat(harness.incidents(incident)).isEmpty();
        harness.assertEventsPseudonymised(death);
        harness.assertEventsPseudonymised(incident);
    }

    @Test
    void anExpectedDeathWithoutJarWaitsForTheParallelProcessesAndTheCdopRaisesTheReviewAndIssuesRecommendations() {
        harness.setClock(MORNING_OF_DEATH);
        ProcessCase death = harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION,
                data -> ((ObjectNode) data.get("death")).put("expectedness", "expected").put("postMortemRequired", false));

        harness.completeAsCaseworker(death, "Determination", determination(true, false, false));
        harness.awaitUserTask(death, "KeyWorker");
        assertThat(harness.openUserTasks(death, "Iisd")).isEmpty();
        gatherInformation(death, List.of("health"), false);
        harness.completeUserTask(death, "ArrangeCdrm", Map.of("cdrmPlannedOn", "2024-03-20"));
        harness.completeUserTask(death, "Cdrm", Map.of("cdrmHeldOn", "2024-03-20", "analysisFormDrafted", true,
                "waitForParallelProcesses", true));

        // the CDOP waits for the inquest: nothing to review until the coordinator says the processes concluded
        harness.awaitElementActive(death, "ReceiveParallel");
        assertThat(harness.openUserTasks(death, "CdopReview")).isEmpty();
        harness.publishMessage("cdr.parallel-processes.concluded", death.caseId().toString(), Map.of());
        harness.completeAsCaseworker(death, "CdopReview", cdopReview("3", "INSUFFICIENT_INFORMATION", true, true));

        harness.awaitProcessCompleted(death);
        assertThat(harness.completedElements(death)).containsSubsequence("Determination", "Gw_Jar", "Gw_Jar_Merge",
                "Gw_Abuse1", "Gw_Abuse1_Merge", "Split_Info");
        assertThat(harness.completedElements(death)).containsSubsequence("Cdrm", "Gw_Wait", "ReceiveParallel",
                "Gw_Wait_Merge", "CdopReview", "Gw_Abuse2", "RaiseSin2", "Gw_Abuse2_Merge", "Gw_Recs", "IssueRecs",
                "Gw_Recs_Merge", "NcmdFinalised", "CloseRecord", "End_Closed");
        assertThat(harness.completedElements(death)).contains("Gw_Pm", "Gw_Pm_Merge")
                .doesNotContain("Sub_Jar", "Iisd", "HomeVisit", "RaiseSin1", "ReceivePm");
        Map<String, JsonNode> variables = harness.variables(death);
        assertThat(variables.get("expectedDeath").asBoolean()).isTrue();
        assertThat(variables.get("jarCriteriaMet").asBoolean()).isFalse();
        assertThat(variables.get("postMortemRequired").asBoolean()).isFalse();
        assertThat(variables.get("recommendationsMade").asBoolean()).isTrue();
        assertThat(variables.get("sinCandidateRaised").asBoolean()).isTrue();

        // RaiseSin2 opened the serious-incident case
        CaseId raised = CaseId.parse(variables.get("linkedCaseId").asText());
        ProcessCase incident = harness.awaitCase(raised);
        harness.awaitUserTask(incident, "Threshold");
        assertThat(caseFile(raised)).isEqualTo("SERIOUS_INCIDENT " + ProcessIds.PRACTICE_REVIEW
                + " CSPR-WT2018 OPEN 2024-02-11 " + incident.processInstanceKey());
        assertThat(links(death, raised)).containsExactly("SIN_CANDIDATE", "SOURCE");
        assertThat(oneReviewPerDeath(death)).isEqualTo(1);

        assertThat(harness.jdbc().sql("SELECT kind || ' ' || notice || ' ' || recipients || ' ' || status FROM case_notice"
                + " WHERE case_id = :id").param("id", death.caseId().value()).query(String.class).list())
                .containsExactly("NOTIFICATION cdop-recommendations recommendation-owners QUEUED");
        assertThat(harness.caseStatus(death)).isEqualTo("CLOSED");
        assertThat(ncmd(death)).containsExactly("FINALISED NCMD 3 INSUFFICIENT_INFORMATION QUEUED",
                "NOTIFIED NCMD null null QUEUED");
        assertThat(decisions(death)).containsExactly("cdr-death-determination DESIGNATED_DOCTOR", "cdop-review CDOP_CHAIR");
        // no JAR: C2 and C3 stay open (nothing to meet or breach them), nothing breached
        assertThat(harness.events(death, "deadline.breached")).isEmpty();
        assertThat(harness.incidents(death)).isEmpty();
        harness.assertEventsPseudonymised(death);
        harness.assertEventsPseudonymised(incident);
    }

    @Test
    void oneDeathRaisesAtMostOneReviewEvenWhenRaiseSin2RunsAfterRaiseSin1() {
        harness.setClock(MORNING_OF_DEATH);
        ProcessCase death = harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION);
        harness.completeUserTask(death, "Determination", determination(false, true, true));
        harness.completeUserTask(death, "Iisd", informationSharing(true, harness.today()));
        harness.completeUserTask(death, "HomeVisit", Map.of("homeVisit", "NOT_APPROPRIATE"));
        harness.awaitElementCompleted(death, "RaiseSin1");
        String first = harness.variable(death, "linkedCaseId").asText();

        gatherInformation(death, List.of("health"), true);
        harness.completeUserTask(death, "ArrangeCdrm", Map.of("cdrmPlannedOn", "2024-03-20"));
        harness.completeUserTask(death, "Cdrm", Map.of("cdrmHeldOn", "2024-03-20", "waitForParallelProcesses", false));
        // past the model's guard (sinCandidateRaised != true): the worker's own dedupe must hold
        harness.awaitUserTask(death, "CdopReview");
        harness.setVariables(death.processInstanceKey(), Map.of("sinCandidateRaised", false));
        harness.completeUserTask(death, "CdopReview", Map.of("categoryOfDeath", "1", "modifiableFactors", "IDENTIFIED",
                "abuseOrNeglectSuspected", true, "recommendationsMade", false, "decisionMakerRole", "CDOP_CHAIR"));

        harness.awaitProcessCompleted(death);
        assertThat(harness.completedElements(death)).containsSubsequence("RaiseSin1", "Split_Info", "Join_Info",
                "CdopReview", "Gw_Abuse2", "RaiseSin2", "Gw_Abuse2_Merge", "CloseRecord");
        assertThat(harness.variable(death, "linkedCaseId").asText()).as("RaiseSin2 returns the first case").isEqualTo(first);
        assertThat(harness.variable(death, "sinCandidateRaised").asBoolean()).isTrue();
        ProcessCase incident = harness.awaitCase(CaseId.parse(first));
        harness.awaitUserTask(incident, "Threshold");
        assertThat(harness.jdbc().sql("SELECT count(*) FROM case_link WHERE case_id = :id AND link_type = 'SIN_CANDIDATE'")
                .param("id", death.caseId().value()).query(Long.class).single()).isEqualTo(1);
        assertThat(harness.jdbc().sql("SELECT count(*) FROM case_link WHERE linked_case_id = :id AND link_type = 'SOURCE'")
                .param("id", death.caseId().value()).query(Long.class).single()).isEqualTo(1);
        assertThat(harness.jdbc().sql("SELECT count(*) FROM engine_command WHERE kind = 'PUBLISH' AND correlation_key = :id")
                .param("id", death.caseId().toString()).query(Long.class).single()).isEqualTo(1);
        assertThat(oneReviewPerDeath(death)).isEqualTo(1);
        assertThat(harness.caseStatus(death)).isEqualTo("CLOSED");
        harness.assertEventsPseudonymised(death);
        harness.assertEventsPseudonymised(incident);
    }

    @Test
    void reportingFormsAreRequestedFromEveryAgencyOnTheNotificationAndChasedWhenOverdue() {
        // notified on Mon 4 Mar 2024, three weeks after the death: C1 is breached on arrival (no escalation task)
        ProcessCase death = harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION, data -> {
            ((ObjectNode) data.get("death")).put("postMortemRequired", false);
            for (String agency : List.of("police", "education", "health")) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) data.get("professionals")).addObject()
                        .put("role", "Involved professional").put("agency", agency);
            }
        });
        harness.awaitUserTask(death, "Determination");
        harness.awaitQuiet(death);
        assertThat(harness.completedElements(death)).containsSubsequence("NcmdNotified", "Gw_C1", "Emit_C1", "Gw_C1_Merge");
        assertThat(harness.deadline(death, "C1")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        CaseEvent c1 = harness.awaitEvent(death, "deadline.breached", d -> "C1".equals(d.path("timescale").asText()));
        assertThat(c1.text("dueOn")).isEqualTo("2024-02-13");
        assertThat(harness.openUserTasks(death)).extracting(UserTask::getElementId).containsExactly("Determination");

        harness.completeAsCaseworker(death, "Determination", determination(false, false, false));
        harness.awaitUserTask(death, "KeyWorker");
        harness.awaitQuiet(death);
        assertThat(harness.variable(death, "involvedAgencyIds").toString())
                .isEqualTo("[\"health\",\"police\",\"education\"]");
        // no JAR: C2 and C3 are not owed
        assertThat(harness.deadline(death, "C2")).isEmpty();
        assertThat(harness.deadline(death, "C3")).isEmpty();
        // one request per agency, each due 20 working days later (Easter: Wed 3 Apr 2024, late from 00:00 BST)
        assertThat(agencyRequests(death)).containsExactly("education cdr-reporting-form REQUESTED",
                "health cdr-reporting-form REQUESTED", "police cdr-reporting-form REQUESTED");
        Instant due = Instant.parse("2024-04-03T22:59:59Z");
        assertThat(harness.jdbc().sql("SELECT DISTINCT due_at FROM agency_request WHERE case_id = :id")
                .param("id", death.caseId().value()).query(java.sql.Timestamp.class).list())
                .extracting(java.sql.Timestamp::toInstant).containsExactly(due);
        assertThat(harness.deadline(death, "CRF")).hasValueSatisfying(d -> {
            assertThat(d.dueAt()).isEqualTo(due);
            assertThat(d.status()).isEqualTo("OPEN");
        });

        // health returns its form, police declines; education says nothing
        returnReportingForm(death, "health", "RETURNED");
        returnReportingForm(death, "police", "DECLINED");
        harness.completeUserTask(death, "KeyWorker", Map.of("keyWorkerAssigned", true, "assignedOn", "2024-03-05"));
        harness.completeUserTask(death, "ParallelProcesses", Map.of("coronerStatus", "NOT_INVOLVED"));
        assertThat(harness.events(death, "deadline.breached")).hasSize(1);

        harness.advanceClockTo(due.plusSeconds(5));

        UserTask chase = harness.awaitEscalation(death, "CRF", "cdop-coordinator", "Emit_CRF_ReceiveRf");
        CaseEvent crf = harness.awaitEvent(death, "deadline.breached", d -> "CRF".equals(d.path("timescale").asText()));
        assertThat(crf.text("dueOn")).isEqualTo("2024-04-03");
        assertThat(harness.deadline(death, "CRF")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        assertThat(harness.openEscalationTasks(death, "CRF")).as("only education is chased").hasSize(1);
        assertThat(harness.openUserTasks(death)).as("no escalation task in the case's instance")
                .noneMatch(t -> t.getElementId().startsWith("Escalate"));
        assertThat(harness.caseStatus(death)).isEqualTo("OPEN");

        // education's form arrives before the coordinator has recorded the chase: the reporting forms complete and
        // the CDRM can be arranged all the same
        returnReportingForm(death, "education", "RETURNED");
        harness.awaitUserTask(death, "ArrangeCdrm");
        assertThat(harness.variable(death, "reportingFormsReceived").toString())
                .isEqualTo("[\"health\",\"police\",\"education\"]");
        assertThat(harness.completedElements(death)).containsSubsequence("Split_Info", "Sub_ReportingForms", "Join_Info")
                .contains("ComputeRf", "RequestRf", "ReceiveRf", "Timer_CRF_ReceiveRf", "Emit_CRF_ReceiveRf",
                        "EscalationDone_CRF_ReceiveRf");
        assertThat(harness.openEscalationTasks(death, "CRF")).singleElement().extracting(UserTask::getUserTaskKey)
                .isEqualTo(chase.getUserTaskKey());
        // the coordinator records the chase afterwards, through the tasklist, on the case's record
        harness.completeAsCaseworker(chase, Map.of("escalationAction", "CHASED",
                "record.escalationReason", "Chased the school's safeguarding lead by telephone."));
        assertThat(harness.openEscalationTasks(death, "CRF")).isEmpty();
        assertThat(harness.jdbc().sql("SELECT field FROM case_note WHERE case_id = :id")
                .param("id", death.caseId().value()).query(String.class).list()).contains("record.escalationReason");
        assertThat(harness.events(death, "deadline.breached")).extracting(e -> e.text("timescale"))
                .containsExactly("C1", "CRF");
        assertThat(harness.incidents(death)).isEmpty();
        harness.assertEventsPseudonymised(death);
    }

    /** C2 (information sharing, 48 h) and C3 (home visit, 24 h) pass; the CDOP chair is told; the JAR carries on. */
    @ParameterizedTest(name = "{0} passes on {2}")
    @CsvSource({
            // the information sharing is late, so the home visit, after it, is late too
            "C2, Iisd, 2024-02-13T03:39:59Z, , C2 C3",
            "C3, HomeVisit, 2024-02-12T03:39:59Z, Iisd, C3"})
    void jarDeadlinesPassedAreEscalatedToTheCdopChairAndTheJarCarriesOn(String timescale, String task, Instant due,
                                                                         String doneBefore, String allBreached) {
        harness.setClock(MORNING_OF_DEATH);
        ProcessCase death = harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION);
        harness.completeAsCaseworker(death, "Determination", determination(false, true, true));
        if (doneBefore != null) {
            harness.completeAsCaseworker(death, doneBefore, informationSharing(false, harness.today()));
        }
        UserTask late = harness.awaitUserTask(death, task);
        harness.awaitQuiet(death);
        assertThat(late.getDueDate().toInstant()).isEqualTo(due);
        assertThat(harness.deadline(death, timescale)).hasValueSatisfying(d -> {
            assertThat(d.dueAt()).isEqualTo(due);
            assertThat(d.status()).isEqualTo("OPEN");
        });

        harness.advanceClockTo(due.plusSeconds(5));

        String emit = "Emit_" + timescale + "_" + task;
        UserTask escalation = harness.awaitEscalation(death, timescale, "cdop-chair", emit);
        assertThat(harness.escalationVariables(escalation).get("dueAt").asText()).isEqualTo(due.toString());
        CaseEvent breached = harness.awaitEvent(death, "deadline.breached", d -> timescale.equals(d.path("timescale").asText()));
        assertThat(breached.text("dueOn")).isEqualTo(LocalDate.ofInstant(due.minusSeconds(1), LONDON).toString());
        assertThat(harness.deadline(death, timescale)).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        assertThat(harness.completedElements(death)).containsSubsequence("Timer_" + timescale + "_" + task, emit,
                "EscalationDone_" + timescale + "_" + task);
        // a breach never blocks the case: the late task is still open, and the JAR holds no escalation task
        assertThat(harness.openUserTasks(death)).extracting(UserTask::getElementId).containsExactly(task);
        assertThat(harness.caseStatus(death)).isEqualTo("OPEN");

        // the JAR finishes late, before the chair has answered any escalation: the JAR subprocess, whose timers
        // fired, completes and information gathering starts
        if (task.equals("Iisd")) {
            harness.completeAsCaseworker(death, "Iisd", informationSharing(false, harness.today()));
        }
        harness.completeAsCaseworker(death, "HomeVisit", Map.of("homeVisit", "DONE", "visitOn", harness.today()));
        harness.awaitUserTask(death, "KeyWorker");
        assertThat(harness.completedElements(death)).containsSubsequence("Sub_Jar", "Gw_Jar_Merge", "Gw_Abuse1",
                "Gw_Abuse1_Merge", "Split_Info").doesNotContain("RaiseSin1");
        List<String> allLate = List.of(allBreached.split(" "));
        for (String id : allLate) {
            // waited for, not read at once: C3's timer starts only when the home visit does (after the late
            // information sharing here), and its escalation reaches the chair through a worker job of its own
            harness.awaitEscalationTask(death, id);
        }
        // the chair records each escalation afterwards
        for (String id : allLate) {
            harness.completeAsCaseworker(harness.awaitEscalation(death, id, "cdop-chair"),
                    Map.of("escalationAction", "LATE_WITH_REASON",
                            "record.escalationReason", "Police and paediatrician could not attend together."));
            assertThat(harness.openEscalationTasks(death, id)).isEmpty();
        }
        assertThat(harness.events(death, "deadline.breached")).extracting(e -> e.text("timescale"))
                .containsExactlyElementsOf(allLate);
        assertThat(harness.deadlines(death)).filteredOn(d -> allLate.contains(d.timescaleId()))
                .extracting(Deadlines.Deadline::status).containsOnly("BREACHED");
        assertThat(harness.incidents(death)).isEmpty();
        harness.assertEventsPseudonymised(death);
    }

    /**
     * The C1 check with the notification arriving 1 ms before the first late instant (on time: met on arrival) and
     * exactly at it (late). Intake's clock keeps ticking, so no start lands on an exact instant: recording the
     * deadline fails first (a technical failure: retries, then an incident), the notification time is put on the
     * boundary while the case waits, and the operator resolves the incident; the recovered job judges C1 with it.
     */
    @ParameterizedTest(name = "notified at {0}: late = {1}")
    @CsvSource({"2024-02-13T03:39:59.999Z, false", "2024-02-13T03:40:00Z, true"})
    void theC1CheckAtItsBoundaryAfterAWorkerFailureThatBecameAnIncidentAndRecovered(String notifiedAt, boolean late) {
        harness.setClock(Instant.parse("2024-02-12T09:00:00Z"));
        ProcessCase death;
        Incident incident;
        JdbcClient owner = harness.ownerJdbc();
        try {
            owner.sql("""
                    CREATE OR REPLACE FUNCTION cdr_test_deadlines_down() RETURNS trigger AS $$
                    BEGIN RAISE EXCEPTION 'deadline store unavailable (test)'; END $$ LANGUAGE plpgsql""").update();
            owner.sql("""
                    CREATE TRIGGER cdr_test_deadlines_down BEFORE INSERT ON case_deadline
                    FOR EACH ROW EXECUTE FUNCTION cdr_test_deadlines_down()""").update();
            death = harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION);
            incident = harness.awaitIncident(death, "ComputeDeadlines");
        } finally {
            owner.sql("DROP TRIGGER IF EXISTS cdr_test_deadlines_down ON case_deadline").update();
        }
        assertThat(incident.getErrorType()).isEqualTo(IncidentErrorType.JOB_NO_RETRIES);
        // the incident names the kind of failure, never the database's own words (they may quote case data)
        assertThat(incident.getErrorMessage()).contains("PSQLException[P0001]")
                .doesNotContain("deadline store unavailable (test)");
        assertThat(harness.deadline(death, "C1")).isEmpty();
        assertThat(harness.hasCompleted(death, "Gw_C1")).isFalse();

        harness.setVariables(incident.getElementInstanceKey(), Map.of("notifiedAt", notifiedAt));
        harness.resolveIncident(incident);

        harness.awaitUserTask(death, "Determination");
        harness.awaitQuiet(death);
        assertThat(harness.incidents(death)).isEmpty();
        assertThat(harness.variable(death, "dueC1").asText()).isEqualTo(DUE_C1_C2.toString());
        assertThat(ncmd(death)).containsExactly("NOTIFIED NCMD null null QUEUED");
        assertThat(harness.completedElements(death)).containsSubsequence("ComputeDeadlines", "NcmdNotified", "Gw_C1",
                "Gw_C1_Merge");
        assertThat(harness.hasCompleted(death, "Emit_C1")).isEqualTo(late);
        assertThat(harness.deadline(death, "C1")).hasValueSatisfying(d ->
                assertThat(d.status()).isEqualTo(late ? "BREACHED" : "MET"));
        assertThat(harness.events(death, "deadline.breached")).extracting(e -> e.text("timescale"))
                .containsExactlyElementsOf(late ? List.of("C1") : List.of());
        // a checked timescale: the late party is the notifier, so no escalation task
        assertThat(harness.openUserTasks(death)).extracting(UserTask::getElementId).containsExactly("Determination");
        harness.assertEventsPseudonymised(death);
    }

    /**
     * Both regimes on the one model. A death before the tenant's transition date (29 Sep 2019) is pinned to
     * CDOP-LSCB; a death before NCMD went live (1 Apr 2019) goes to the LSCB1 return; a case still open when NCMD
     * went live (its CDOP review held on or after that day) is finalised on NCMD. The target follows the case's own
     * dates: the review is recorded with the clock in 2026, and that changes nothing. The CDOP outcome arrives with modifiable factors that are not a
     * code of DOMAIN §4.6 (a completion straight at the engine, which the tasklist would have refused): bad input, an incident at once, corrected.
     */
    @ParameterizedTest(name = "death 2018-05-12, reviewed {0} -> {1}")
    @CsvSource({"2018-11-20, LSCB1", "2019-04-02, NCMD"})
    void aDeathBeforeTheTransitionRunsAsCdopLscbAndGoesToLscb1OrNcmdByTheCasesOwnDates(String reviewHeldOn,
                                                                                      String finalTarget) {
        harness.setClock(Instant.parse("2018-05-14T09:00:00Z"));
        ProcessCase death = harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION, data -> {
            ((ObjectNode) data.get("death")).put("dateOfDeath", "2018-05-12").put("timeOfDeath", "22:15")
                    .put("expectedness", "expected").put("postMortemRequired", false);
        });
        harness.awaitUserTask(death, "Determination");
        harness.awaitQuiet(death);
        assertThat(harness.variable(death, "processVersion").asText()).isEqualTo("CDOP-LSCB");
        assertThat(harness.variable(death, "deathConfirmedAt").asText()).isEqualTo("2018-05-12T22:15:00+01:00");
        assertThat(caseFile(death.caseId())).isEqualTo("CHILD_DEATH " + ProcessIds.CHILD_DEATH_REVIEW
                + " CDOP-LSCB OPEN 2018-05-12 " + death.processInstanceKey());
        assertThat(harness.hasCompleted(death, "Emit_C1")).as("notified 35 h after the death").isFalse();
        assertThat(ncmd(death)).containsExactly("NOTIFIED LSCB1 null null QUEUED");
        assertThat(harness.events(death, "notice.sent")).singleElement().satisfies(e -> {
            assertThat(e.text("notice")).isEqualTo("ncmd-notified");
            assertThat(e.data().path("recipients").toString()).isEqualTo("[\"lscb1\"]");
        });

        harness.completeUserTask(death, "Determination", determination(true, false, false));
        gatherInformation(death, List.of("health"), false);
        harness.completeUserTask(death, "ArrangeCdrm", Map.of("cdrmPlannedOn", "2018-07-02"));
        harness.completeUserTask(death, "Cdrm", Map.of("cdrmHeldOn", "2018-07-02", "waitForParallelProcesses", false));
        harness.awaitUserTask(death, "CdopReview");
        harness.advanceClockTo(Instant.parse("2026-03-02T10:00:00Z"));
        harness.completeUserTask(death, "CdopReview", Map.of("categoryOfDeath", "6", "modifiableFactors", "NOT_ASSESSED",
                "abuseOrNeglectSuspected", false, "cdopReviewHeldOn", reviewHeldOn,
                "recommendationsMade", false, "decisionMakerRole", "CDOP_CHAIR"));

        Incident incident = harness.awaitIncident(death, "NcmdFinalised");
        assertThat(incident.getErrorType()).isEqualTo(IncidentErrorType.JOB_NO_RETRIES);
        assertThat(incident.getErrorMessage()).startsWith("cdr.ncmd-sync at NcmdFinalised: modifiableFactors: must be one of");
        assertThat(harness.caseStatus(death)).isEqualTo("OPEN");
        harness.setVariables(incident.getElementInstanceKey(), Map.of("modifiableFactors", "NOT_IDENTIFIED"));
        harness.resolveIncident(incident);

        harness.awaitProcessCompleted(death);
        assertThat(harness.incidents(death)).isEmpty();
        assertThat(harness.completedElements(death)).containsSubsequence("Gw_Jar", "Gw_Jar_Merge", "Gw_Abuse1",
                "Gw_Abuse1_Merge", "Split_Info", "Join_Info", "Gw_Wait", "Gw_Wait_Merge", "CdopReview", "Gw_Abuse2",
                "Gw_Abuse2_Merge", "Gw_Recs", "Gw_Recs_Merge", "NcmdFinalised", "CloseRecord", "End_Closed")
                .doesNotContain("Sub_Jar", "RaiseSin1", "RaiseSin2", "ReceivePm", "ReceiveParallel", "IssueRecs");
        assertThat(harness.variable(death, "processVersion").asText()).as("pinned for life").isEqualTo("CDOP-LSCB");
        assertThat(ncmd(death)).containsExactly("FINALISED " + finalTarget + " 6 NOT_IDENTIFIED QUEUED",
                "NOTIFIED LSCB1 null null QUEUED");
        assertThat(harness.caseStatus(death)).isEqualTo("CLOSED");
        assertThat(harness.events(death, "outcome.recorded")).extracting(e -> e.text("outcomeType") + "=" + e.text("outcome"))
                .containsExactly("category-of-death=6", "modifiable-factors=NOT_IDENTIFIED");
        harness.assertEventsPseudonymised(death);
    }

    @Test
    void aFurtherNotificationNamingTheCaseGivesTheCoordinatorATaskAndTheReviewCarriesOn() {
        harness.setClock(MORNING_OF_DEATH);
        ProcessCase death = harness.startCase(ReferralKind.CHILD_DEATH_NOTIFICATION);
        harness.awaitUserTask(death, "Determination");

        ObjectNode further = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        further.put("subject", death.caseId().toString());
        ProcessCase same = harness.startCaseOverRest(further);
        assertThat(same.processInstanceKey()).isEqualTo(death.processInstanceKey());

        UserTask review = harness.awaitUserTask(death, "ReviewFurtherReferral");
        assertThat(review.getCandidateGroups()).containsExactly("cdop-coordinator");
        harness.completeAsCaseworker(death, "ReviewFurtherReferral", Map.of("furtherReferralAction", "PLAN_CHANGED",
                "record.furtherReferralNotes", "Second notification from the ambulance service; added to the file."));
        harness.awaitElementCompleted(death, "EventSub_FurtherReferral");
        assertThat(harness.completedElements(death)).contains("Start_FurtherReferral", "ReviewFurtherReferral");
        assertThat(harness.variable(death, "lastFurtherReferralAction").asText()).isEqualTo("PLAN_CHANGED");
        assertThat(harness.jdbc().sql("SELECT count(*) FROM referral WHERE case_id = :id")
                .param("id", death.caseId().value()).query(Long.class).single()).isEqualTo(2);
        assertThat(harness.jdbc().sql("SELECT field FROM case_note WHERE case_id = :id")
                .param("id", death.caseId().value()).query(String.class).list()).containsExactly("record.furtherReferralNotes");
        // the main flow did not move and is not blocked
        assertThat(harness.openUserTasks(death)).extracting(UserTask::getElementId).containsExactly("Determination");
        harness.completeUserTask(death, "Determination", determination(true, false, false));
        harness.awaitUserTask(death, "KeyWorker");
        assertThat(harness.events(death, "opened")).hasSize(1);
        assertThat(harness.caseStatus(death)).isEqualTo("OPEN");
        assertThat(harness.incidents(death)).isEmpty();
        harness.assertEventsPseudonymised(death);
    }

    // ------------------------------------------------------------------------------------------------ steps

    /** @param jar criterion (a), external causes: the JAR criteria are met */
    private static Map<String, Object> determination(boolean expected, boolean jar, boolean postMortem) {
        Map<String, Object> v = new HashMap<>();
        v.put("expectedDeath", expected);
        v.put("externalCauses", jar);
        v.put("suddenNoApparentCause", false);
        v.put("custodyOrDetention", false);
        v.put("suspiciousCircumstances", false);
        v.put("unattendedStillbirth", false);
        v.put("postMortemRequired", postMortem);
        v.put("decisionMakerRole", "DESIGNATED_DOCTOR");
        v.put("record.rationale", "Decided with the on-call paediatrician and police on the facts known at the time.");
        return v;
    }

    /** @param heldOn a business date: it decides C2, so a late discussion is held on the day it is recorded */
    private static Map<String, Object> informationSharing(boolean abuseOrNeglectSuspected, String heldOn) {
        Map<String, Object> v = new HashMap<>();
        v.put("discussionHeldOn", heldOn);
        v.put("coronerInformed", true);
        v.put("cscInformed", true);
        v.put("s47StrategyMeetingNeeded", abuseOrNeglectSuspected);
        v.put("abuseOrNeglectSuspected", abuseOrNeglectSuspected);
        v.put("decisionMakerRole", "DESIGNATED_DOCTOR");
        v.put("record.rationale", "Agreed at the information-sharing discussion.");
        return v;
    }

    private Map<String, Object> cdopReview(String category, String factors, boolean abuse, boolean recommendations) {
        Map<String, Object> v = new HashMap<>();
        v.put("categoryOfDeath", category);
        v.put("cdopReviewHeldOn", harness.today());
        v.put("modifiableFactors", factors);
        v.put("abuseOrNeglectSuspected", abuse);
        v.put("learningIdentified", true);
        v.put("recommendationsMade", recommendations);
        v.put("decisionMakerRole", "CDOP_CHAIR");
        v.put("record.learning", "Safe sleep messages to be repeated at every health visitor contact.");
        v.put("record.rationale", "Ratified by the panel on the analysis form.");
        return v;
    }

    /** The information gathering after the JAR (engine completions), up to the CDRM being arranged. */
    private void gatherInformation(ProcessCase c, List<String> agencies, boolean postMortem) {
        harness.completeUserTask(c, "KeyWorker", Map.of("keyWorkerAssigned", true, "assignedOn", "2024-02-12"));
        for (String agency : agencies) {
            returnReportingForm(c, agency, "RETURNED");
        }
        harness.completeUserTask(c, "ParallelProcesses", Map.of("coronerStatus", "NOT_INVOLVED"));
        if (postMortem) {
            harness.awaitElementActive(c, "ReceivePm");
            harness.publishMessage("cdr.post-mortem-report.received", c.caseId().toString(), Map.of());
        }
        harness.awaitUserTask(c, "ArrangeCdrm");
    }

    /** An agency answers (agency portal / tasklist publish {@code agency-request.returned}, docs/processes.md §1.5). */
    private void returnReportingForm(ProcessCase c, String agency, String response) {
        await("reporting form requested from " + agency).atMost(Duration.ofSeconds(30)).until(() -> harness.jdbc().sql(
                        "SELECT count(*) FROM agency_request WHERE case_id = :id AND agency_id = :agency")
                .param("id", c.caseId().value()).param("agency", agency).query(Long.class).single() == 1);
        long before = harness.completedElements(c).stream().filter("ReceiveRf"::equals).count();
        harness.publishMessage("agency-request.returned", c.caseId() + "/cdr-reporting-form/" + agency,
                Map.of("agencyResponse", response));
        await("reporting form of " + agency + " received").atMost(Duration.ofSeconds(30)).until(() ->
                harness.completedElements(c).stream().filter("ReceiveRf"::equals).count() > before);
    }

    private List<String> ncmd(ProcessCase c) {
        return harness.jdbc().sql("""
                        SELECT ncmd_status || ' ' || target || ' ' || coalesce(category_of_death::text, 'null') || ' '
                               || coalesce(modifiable_factors, 'null') || ' ' || status
                        FROM ncmd_submission WHERE case_id = :id ORDER BY ncmd_status""")
                .param("id", c.caseId().value()).query(String.class).list();
    }

    private List<String> agencyRequests(ProcessCase c) {
        return harness.jdbc().sql("SELECT agency_id || ' ' || request_type || ' ' || status FROM agency_request"
                        + " WHERE case_id = :id ORDER BY agency_id")
                .param("id", c.caseId().value()).query(String.class).list();
    }

    private List<String> decisions(ProcessCase c) {
        return harness.jdbc().sql("SELECT decision_type || ' ' || decision_maker_role FROM case_decision"
                        + " WHERE case_id = :id ORDER BY decided_at, id")
                .param("id", c.caseId().value()).query(String.class).list();
    }

    private String caseFile(CaseId id) {
        return harness.jdbc().sql("SELECT case_type || ' ' || process_id || ' ' || process_version || ' ' || status"
                        + " || ' ' || trigger_date || ' ' || coalesce(process_instance_key::text, 'null') FROM case_file WHERE id = :id")
                .param("id", id.value()).query(String.class).single();
    }

    private String closureReason(ProcessCase c) {
        return harness.jdbc().sql("SELECT closure_reason FROM case_file WHERE id = :id")
                .param("id", c.caseId().value()).query(String.class).list().get(0);
    }

    private List<String> links(ProcessCase death, CaseId incident) {
        return harness.jdbc().sql("""
                        SELECT link_type FROM case_link WHERE (case_id = :death AND linked_case_id = :incident)
                           OR (case_id = :incident AND linked_case_id = :death) ORDER BY link_type""")
                .param("death", death.caseId().value()).param("incident", incident.value()).query(String.class).list();
    }

    /** Practice review instances started for this death (correlated by sourceCaseId). */
    private int oneReviewPerDeath(ProcessCase death) {
        return harness.client().newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(ProcessIds.PRACTICE_REVIEW)
                        .variables(Map.of("sourceCaseId", "\"" + death.caseId() + "\"")))
                .send().join().items().size();
    }
}
