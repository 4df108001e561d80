package org.opensafeguarding.workflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.CaseEvent;
import org.opensafeguarding.workflow.processes.support.LadoSteps;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.opensafeguarding.workflow.processes.support.LadoSteps.routing;

/**
 * LADO allegation ({@code bpmn/lado-allegation.bpmn}): the routes from referral to closure, one test per path, against
 * the local engine with the real intake, workers and tasklist. The deadline timers and the strands are in
 * {@link LadoDeadlinesTest}; the invalid-finding incident, the L2b breach and the deployment in
 * {@link LadoProcessTest}.
 *
 * <p>Coverage of the model (gateway branches, timers, escalations and messages listed from the BPMN XML):
 * <table>
 * <tr><th>Element / branch</th><th>Test</th></tr>
 * <tr><td>{@code Gw_L1} "Yes" (default; no {@code allegationReportedAt}, or on time)</td>
 *     <td>{@link #noFurtherActionOnAReferralMadeWithinOneWorkingDayIsResolvedAndClosed},
 *         {@link #theL1CheckTreatsTheDueInstantAsLate} (a minute before), LadoProcessTest</td></tr>
 * <tr><td>{@code Gw_L1} "No: late" → {@code Emit_L1} (event only, no escalation task)</td>
 *     <td>{@link #adviceOnALateVerbalReferralWithSignificantHarmAndAFurtherReferral},
 *         {@link #theL1CheckTreatsTheDueInstantAsLate} (exactly at the due instant, GMT and BST)</td></tr>
 * <tr><td>{@code Gw_Verbal} "Yes" → {@code Receive_Written} → message {@code lado.written-referral.received} →
 *     {@code End_WrittenOnFile}</td><td>{@link #adviceOnALateVerbalReferralWithSignificantHarmAndAFurtherReferral};
 *     late: LadoDeadlinesTest#aVerbalReferralWithoutItsWrittenFollowUpIsChasedAfterThreeWorkingDays</td></tr>
 * <tr><td>{@code Gw_Verbal} "No" (default) → {@code End_AlreadyWritten}</td>
 *     <td>{@link #noFurtherActionOnAReferralMadeWithinOneWorkingDayIsResolvedAndClosed}</td></tr>
 * <tr><td>{@code Gw_SignificantHarm} "Yes" → {@code ReferCsc} (case_notice)</td>
 *     <td>{@link #adviceOnALateVerbalReferralWithSignificantHarmAndAFurtherReferral}</td></tr>
 * <tr><td>{@code Gw_SignificantHarm} "No" (default)</td><td>every other test</td></tr>
 * <tr><td>{@code Gw_Route} "No further action or advice only" → {@code Gw_Advice} "No further action" (default)</td>
 *     <td>{@link #noFurtherActionOnAReferralMadeWithinOneWorkingDayIsResolvedAndClosed}</td></tr>
 * <tr><td>{@code Gw_Advice} "Advice only" → {@code GiveAdvice}</td>
 *     <td>{@link #adviceOnALateVerbalReferralWithSignificantHarmAndAFurtherReferral}</td></tr>
 * <tr><td>{@code Gw_Route} "Employer to manage" → {@code EmployerOnly}</td>
 *     <td>{@link #anEmployerToManageWithoutFormalDisciplineRunsOnlyTheEmployerStrandAndCloses}</td></tr>
 * <tr><td>{@code Gw_Route} "Position of trust meeting" (default)</td>
 *     <td>{@link #eachFindingOfThePinnedKcsieEditionIsRecordedWithItsReferralDecisions}, LadoDeadlinesTest</td></tr>
 * <tr><td>{@code Split_Strands} "None needed" (default, straight to the join)</td>
 *     <td>{@link #eachFindingOfThePinnedKcsieEditionIsRecordedWithItsReferralDecisions}</td></tr>
 * <tr><td>{@code Split_Strands} "Employer" only</td>
 *     <td>{@link #anEmployerToManageWithoutFormalDisciplineRunsOnlyTheEmployerStrandAndCloses}</td></tr>
 * <tr><td>{@code Gw_Referrals} "Yes" → {@code ConfirmReferrals} (DBS, TRA, regulator, Ofsted each on) / "No"</td>
 *     <td>{@link #eachFindingOfThePinnedKcsieEditionIsRecordedWithItsReferralDecisions}</td></tr>
 * <tr><td>{@code RecordOutcome}: every finding of KCSIE-2016 (4) and of the later edition (5)</td>
 *     <td>{@link #eachFindingOfThePinnedKcsieEditionIsRecordedWithItsReferralDecisions}; a finding the pinned
 *     edition lacks → incident → fix → resolve: LadoProcessTest</td></tr>
 * <tr><td>{@code Gw_FalseMalicious} "Yes" (FALSE, MALICIOUS) → {@code ConsiderAction} / "No" (default)</td>
 *     <td>{@link #eachFindingOfThePinnedKcsieEditionIsRecordedWithItsReferralDecisions}</td></tr>
 * <tr><td>{@code Gw_Resolved} from {@code RecordResolution} and from {@code Gw_FalseMalicious_Merge};
 *     {@code CloseCase} → {@code End_Manage} → {@code CloseRecord} → {@code End_Closed} (terminate)</td>
 *     <td>every test here that closes; the terminate end ends an open written follow-up wait:
 *     LadoDeadlinesTest#aVerbalReferralWithoutItsWrittenFollowUpIsChasedAfterThreeWorkingDays</td></tr>
 * <tr><td>Event subprocess {@code EventSub_FurtherReferral}: message {@code referral-received} →
 *     {@code ReviewFurtherReferral}</td>
 *     <td>{@link #adviceOnALateVerbalReferralWithSignificantHarmAndAFurtherReferral}</td></tr>
 * <tr><td>Timer {@code Timer_L8a_RecordResolution} → {@code Emit_L8a_…} → {@code EscalationDone_L8a_…}; the
 *     {@code deadline-escalation} task for L8a answered by the LADO manager through the tasklist</td>
 *     <td>{@link #adviceOnALateVerbalReferralWithSignificantHarmAndAFurtherReferral}</td></tr>
 * </table>
 * The other 12 timer boundaries (L1a, L2 as L2a and L2b, L3 as L3 and L3a, L4, L5/L6c as L5 and L6c, L6a, L6b, L7,
 * L8b1, L8b3, L8b12, the review-meeting cycle) and the {@code Gw_Police}, {@code Gw_EmployerProcess} and
 * {@code Gw_Hearing} branches: {@link LadoDeadlinesTest}.
 */
class LadoRoutesTest extends ProcessTestSupport {

    private LadoSteps steps() {
        return new LadoSteps(harness);
    }

    /** The allegation was reported to the employer on that day (and happened no later: intake checks the order). */
    private static void reportedOn(ObjectNode data, String date) {
        ObjectNode allegation = (ObjectNode) data.get("allegation");
        allegation.put("reportedDate", date);
        if (allegation.path("incidentDate").asText().compareTo(date) > 0) {
            allegation.put("incidentDate", date);
        }
    }

    @Test
    void noFurtherActionOnAReferralMadeWithinOneWorkingDayIsResolvedAndClosed() {
        LadoSteps steps = steps();
        // allegation made Fri 1 Mar, LADO told Mon 4 Mar 09:00: within 1 working day
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION, d -> reportedOn(d, "2024-03-01"));
        harness.completeAsCaseworker(lado, "InitialConsideration", LadoSteps.consideration("NFA", false, false));

        UserTask resolution = harness.awaitUserTask(lado, "RecordResolution");
        assertThat(resolution.getCandidateGroups()).containsExactly("lado");
        // one due date: the task shows the last instant on time (Mon 11 Mar), as the row and the events do
        assertThat(resolution.getDueDate().toInstant()).isEqualTo(Instant.parse("2024-03-11T23:59:59Z"));
        assertThat(harness.deadline(lado, "L8a")).hasValueSatisfying(d ->
                assertThat(d.dueAt()).isEqualTo(resolution.getDueDate().toInstant()));
        assertThat(harness.awaitEvent(lado, "deadline.set", d -> "L8a".equals(d.path("timescale").asText()))
                .text("dueOn")).isEqualTo("2024-03-11");
        assertThat(harness.variable(lado, "dueL1").asText()).isEqualTo("2024-03-04T23:59:59Z");
        harness.completeAsCaseworker(lado, "RecordResolution", LadoSteps.resolution("NFA"));
        harness.completeAsCaseworker(lado, "CloseCase", LadoSteps.closure(harness.today()));
        harness.awaitProcessCompleted(lado);

        List<String> passed = harness.completedElements(lado);
        assertThat(passed).containsSubsequence("Start_ReferralReceived", "OpenCase", "ComputeDeadlines", "Gw_L1",
                "Gw_L1_Merge", "Split_FollowUp");
        assertThat(passed).containsSubsequence("Gw_Verbal", "End_AlreadyWritten");
        assertThat(passed).containsSubsequence("InitialConsideration", "Gw_SignificantHarm", "Gw_SignificantHarm_Merge",
                "Gw_Route", "Gw_Advice", "Gw_Advice_Merge", "RecordResolution", "Gw_Resolved", "CloseCase", "End_Manage",
                "CloseRecord", "End_Closed");
        assertThat(passed).contains("Sub_Manage");
        assertThat(passed).doesNotContain("Emit_L1", "Receive_Written", "ReferCsc", "GiveAdvice", "ComputeMeeting",
                "PotMeeting", "EmployerOnly", "Sub_Strands", "OutcomeMeeting", "RecordOutcome", "ReviewFurtherReferral");

        Map<String, JsonNode> variables = harness.variables(lado);
        assertThat(variables.get("route").asText()).isEqualTo("NFA");
        assertThat(variables.get("harmThresholdMet").asBoolean()).isTrue();
        assertThat(variables.get("significantHarmSuspected").asBoolean()).isFalse();
        assertThat(variables.get("disposal").asText()).isEqualTo("NFA");
        assertThat(variables.get("lessonsLearned").asBoolean()).isTrue();

        assertThat(harness.caseStatus(lado)).isEqualTo("CLOSED");
        assertThat(steps.closureReason(lado)).isNull();
        assertThat(harness.events(lado, "closed")).hasSize(1);
        // resolved within the week: L8a met by the completion; L1 judged on arrival: the referral came in time
        assertThat(harness.deadline(lado, "L8a")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));
        assertThat(harness.deadline(lado, "L1")).as("met on arrival")
                .hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));
        assertThat(harness.events(lado, "deadline.met")).extracting(e -> e.text("timescale") + " " + e.text("dueOn"))
                .containsExactly("L1 2024-03-04", "L8a 2024-03-11");
        // deadlines only where owed: a written referral owes no written follow-up (L1a), a case resolved without a
        // meeting no meeting deadline (L2a, L2b); so nothing was left to lapse at closure
        assertThat(harness.deadlines(lado)).extracting(d -> d.timescaleId())
                .containsExactlyInAnyOrder("L1", "L8a", "L8b1", "L8b3", "L8b12");
        assertThat(harness.events(lado, "deadline.set")).extracting(e -> e.text("timescale"))
                .containsExactlyInAnyOrder("L1", "L8a", "L8b1", "L8b3", "L8b12");
        assertThat(harness.events(lado, "deadline.lapsed")).extracting(e -> e.text("timescale"))
                .containsExactlyInAnyOrder("L8b1", "L8b3", "L8b12");
        assertThat(harness.events(lado, "deadline.breached")).isEmpty();
        assertThat(steps.decisions(lado)).containsExactly("lado-initial-consideration LADO", "lado-resolution LADO");
        assertThat(harness.events(lado, "decision.recorded")).hasSize(2);
        assertThat(steps.notes(lado)).containsExactly("record.lessons");
        // NFA: no outcome meeting, so nothing on lado_case but the pinned edition
        assertThat(steps.ladoCase(lado)).containsEntry("kcsie_edition", "KCSIE-LATER").containsEntry("finding", null);
        assertThat(harness.incidents(lado)).isEmpty();
        harness.assertEventsPseudonymised(lado);
    }

    @Test
    void adviceOnALateVerbalReferralWithSignificantHarmAndAFurtherReferral() {
        LadoSteps steps = steps();
        // allegation made Wed 28 Feb, LADO told by telephone Mon 4 Mar: L1 (end of Thu 29 Feb) missed
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION, d -> {
            d.put("referralChannel", "verbal");
            reportedOn(d, "2024-02-28");
        });
        harness.awaitElementActive(lado, "Receive_Written");
        harness.awaitUserTask(lado, "InitialConsideration");
        harness.awaitQuiet(lado);
        assertThat(harness.completedElements(lado)).containsSubsequence("Gw_L1", "Emit_L1", "Gw_L1_Merge", "Split_FollowUp");
        assertThat(harness.variable(lado, "referralChannel").asText()).isEqualTo("VERBAL");
        assertThat(harness.variable(lado, "dueL1").asText()).isEqualTo("2024-02-29T23:59:59Z");
        // a verbal referral owes its written follow-up (L1a), due Thu 7 Mar
        assertThat(harness.deadline(lado, "L1a")).hasValueSatisfying(d ->
                assertThat(d.dueAt()).isEqualTo(Instant.parse("2024-03-07T23:59:59Z")));
        CaseEvent l1 = harness.awaitEvent(lado, "deadline.breached", d -> "L1".equals(d.path("timescale").asText()));
        assertThat(l1.text("dueOn")).isEqualTo("2024-02-29");
        assertThat(harness.deadline(lado, "L1")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        // the late party is the referrer: an event, no escalation task
        assertThat(harness.openUserTasks(lado)).extracting(UserTask::getElementId).containsExactly("InitialConsideration");

        // the written referral follows within 3 working days
        harness.publishMessage("lado.written-referral.received", lado.caseId().toString(), Map.of());
        harness.awaitElementCompleted(lado, "End_WrittenOnFile");
        assertThat(harness.completedElements(lado)).containsSubsequence("Gw_Verbal", "Receive_Written", "End_WrittenOnFile");

        harness.completeAsCaseworker(lado, "InitialConsideration", LadoSteps.consideration("ADVICE", false, true));
        harness.completeAsCaseworker(lado, "GiveAdvice", Map.of("adviceGiven", "CONDUCT",
                "record.adviceSummary", "Advice on the code of conduct and reasonable force."));
        harness.awaitUserTask(lado, "RecordResolution");
        harness.awaitQuiet(lado);
        assertThat(harness.completedElements(lado)).containsSubsequence("InitialConsideration", "Gw_SignificantHarm",
                "ReferCsc", "Gw_SignificantHarm_Merge", "Gw_Route", "Gw_Advice", "GiveAdvice", "Gw_Advice_Merge");
        assertThat(harness.variable(lado, "adviceGiven").asText()).isEqualTo("CONDUCT");
        assertThat(harness.jdbc().sql("SELECT kind || ' ' || notice || ' ' || recipients || ' ' || status FROM case_notice"
                        + " WHERE case_id = :id").param("id", lado.caseId().value()).query(String.class).list())
                .containsExactly("NOTIFICATION lado-csc-referral childrens-social-care QUEUED");
        assertThat(harness.events(lado, "notice.sent")).hasSize(1);

        // a further referral names the open case: the LADO reviews it, the case carries on
        harness.publishMessage("referral-received", lado.caseId().toString(), Map.of());
        UserTask further = harness.awaitUserTask(lado, "ReviewFurtherReferral");
        assertThat(further.getCandidateGroups()).containsExactly("lado");
        harness.completeAsCaseworker(lado, "ReviewFurtherReferral", Map.of("furtherReferralAction", "PLAN_CHANGED",
                "record.furtherReferralNotes", "Second pupil has come forward; plan reviewed."));
        harness.awaitElementCompleted(lado, "End_FurtherReferral");
        assertThat(harness.completedElements(lado)).containsSubsequence("Start_FurtherReferral", "ReviewFurtherReferral",
                "End_FurtherReferral");
        assertThat(harness.variable(lado, "lastFurtherReferralAction").asText()).isEqualTo("PLAN_CHANGED");
        assertThat(harness.openUserTasks(lado, "RecordResolution")).hasSize(1);

        // not resolved within a week (L8a)
        UserTask escalation = steps.breach(lado, "dueL8a", "L8a", "Emit_L8a_RecordResolution", "RecordResolution");
        assertThat(steps.escalationTimescale(escalation)).isEqualTo("L8a");
        harness.completeAsCaseworker(escalation, LadoSteps.escalation("LATE_WITH_REASON"));
        assertThat(harness.openEscalationTasks(lado, "L8a")).isEmpty();
        assertThat(harness.escalationVariables(escalation).get("escalationAction").asText()).isEqualTo("LATE_WITH_REASON");

        harness.completeAsCaseworker(lado, "RecordResolution", LadoSteps.resolution("INFORMATION_ONLY"));
        harness.completeAsCaseworker(lado, "CloseCase", LadoSteps.closure(harness.today()));
        harness.awaitProcessCompleted(lado);

        assertThat(harness.completedElements(lado)).containsSubsequence("Timer_L8a_RecordResolution",
                "Emit_L8a_RecordResolution", "EscalationDone_L8a_RecordResolution");
        assertThat(harness.completedElements(lado)).containsSubsequence("RecordResolution", "Gw_Resolved", "CloseCase",
                "End_Manage", "CloseRecord", "End_Closed");
        assertThat(harness.variable(lado, "disposal").asText()).isEqualTo("INFORMATION_ONLY");
        assertThat(harness.caseStatus(lado)).isEqualTo("CLOSED");
        // resolved late: L8a stays breached, not met
        assertThat(harness.deadline(lado, "L8a")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        assertThat(harness.events(lado, "deadline.breached")).extracting(e -> e.text("timescale"))
                .containsExactly("L1", "L8a");
        assertThat(harness.events(lado, "deadline.met")).isEmpty();
        assertThat(steps.decisions(lado)).containsExactly("lado-initial-consideration LADO", "lado-resolution LADO");
        assertThat(steps.notes(lado)).containsExactlyInAnyOrder("record.adviceSummary", "record.furtherReferralNotes",
                "record.escalationReason", "record.lessons");
        assertThat(harness.events(lado, "closed")).hasSize(1);
        harness.assertEventsPseudonymised(lado);
    }

    static Stream<Arguments> l1Checks() {
        return Stream.of(
                // told at 23:59 on the last allowed day (received today: the moment of receipt)
                Arguments.of("2024-03-04T23:59:00Z", "2024-03-04", "2024-03-01", "2024-03-04T23:59:59Z", false),
                // back-dated referral received on Tue 5 Mar: the start of that day, the first late instant
                Arguments.of("2024-03-06T09:00:00Z", "2024-03-05", "2024-03-01", "2024-03-04T23:59:59Z", true),
                // the same in summer time: due the last second of Mon 10 Jun BST
                Arguments.of("2024-06-12T09:00:00Z", "2024-06-11", "2024-06-07", "2024-06-10T23:59:59+01:00", true));
    }

    /**
     * {@code dueL1} is the last instant on time and {@code breachAtL1} one second later (00:00 London of the day
     * after the last allowed day), so a referral arriving exactly at {@code breachAtL1} is late. On time, L1 is met on
     * arrival: nothing of it is left to lapse.
     */
    @ParameterizedTest(name = "clock {0}, received {1}, allegation {2}: late={4}")
    @MethodSource("l1Checks")
    void theL1CheckTreatsTheDueInstantAsLate(String clock, String receivedDate, String reportedDate, String dueL1,
                                             boolean late) {
        harness.setClock(Instant.parse(clock));
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION, d -> {
            d.put("receivedDate", receivedDate);
            reportedOn(d, reportedDate);
        });
        harness.awaitUserTask(lado, "InitialConsideration");
        harness.awaitQuiet(lado);

        Map<String, JsonNode> variables = harness.variables(lado);
        assertThat(variables.get("dueL1").asText()).isEqualTo(dueL1);
        Instant received = OffsetDateTime.parse(variables.get("referralReceivedAt").asText()).toInstant();
        Instant due = OffsetDateTime.parse(dueL1).toInstant();
        assertThat(OffsetDateTime.parse(variables.get("breachAtL1").asText()).toInstant()).isEqualTo(due.plusSeconds(1));
        if (late) {
            assertThat(received).as("received exactly at the first late instant").isEqualTo(due.plusSeconds(1));
        } else {
            assertThat(received).isBefore(due);
        }
        assertThat(harness.hasCompleted(lado, "Emit_L1")).isEqualTo(late);
        assertThat(harness.completedElements(lado)).containsSubsequence("Gw_L1", "Gw_L1_Merge", "Split_FollowUp");
        assertThat(harness.deadline(lado, "L1")).hasValueSatisfying(d -> {
            assertThat(d.dueAt()).isEqualTo(due);
            assertThat(d.status()).isEqualTo(late ? "BREACHED" : "MET");
        });
        assertThat(steps().breaches(lado, "L1")).isEqualTo(late ? 1 : 0);
        assertThat(harness.openUserTasks(lado)).extracting(UserTask::getElementId).containsExactly("InitialConsideration");
        harness.assertEventsPseudonymised(lado);
    }

    @Test
    void anEmployerToManageWithoutFormalDisciplineRunsOnlyTheEmployerStrandAndCloses() {
        LadoSteps steps = steps();
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.completeAsCaseworker(lado, "InitialConsideration", LadoSteps.consideration("EMPLOYER", false, false));

        harness.awaitUserTask(lado, "EmployerProcess");
        harness.awaitQuiet(lado);
        JsonNode strands = harness.variable(lado, "strands");
        assertThat(strands.path("police").asBoolean(true)).isFalse();
        assertThat(strands.path("csc").asBoolean(true)).isFalse();
        assertThat(strands.path("employer").asBoolean()).isTrue();
        harness.completeAsCaseworker(lado, "EmployerProcess", Map.of("employerProcess", "NO_FORMAL_ACTION"));

        UserTask action = harness.awaitUserTask(lado, "EmployerAction");
        harness.awaitQuiet(lado);
        assertThat(action.getDueDate().toInstant()).isEqualTo(steps.due(lado, "dueL4"));
        harness.completeAsCaseworker(lado, "EmployerAction", Map.of("employerResult", "MANAGEMENT_ADVICE",
                "resultOn", harness.today()));
        harness.completeAsCaseworker(lado, "OutcomeMeeting",
                LadoSteps.outcome("UNFOUNDED", "EMPLOYER_ACTION", false, false, false, false));
        UserTask feedback = harness.awaitUserTask(lado, "WrittenFeedback");
        harness.awaitQuiet(lado);
        assertThat(feedback.getDueDate().toInstant()).isEqualTo(steps.due(lado, "dueL7"));
        harness.completeAsCaseworker(lado, "WrittenFeedback", Map.of("feedbackSent", true, "feedbackSentOn", harness.today()));
        harness.completeAsCaseworker(lado, "CloseCase", LadoSteps.closure(harness.today()));
        harness.awaitProcessCompleted(lado);

        List<String> passed = harness.completedElements(lado);
        assertThat(passed).containsSubsequence("InitialConsideration", "Gw_Route", "EmployerOnly", "Gw_Strands_Merge",
                "Start_Strands", "Split_Strands", "EmployerProcess", "ComputeEmployer", "Gw_EmployerProcess",
                "EmployerAction", "Gw_Employer_Merge", "Join_Strands", "End_Strands", "OutcomeMeeting",
                "RecordOutcome", "Gw_Referrals", "Gw_Referrals_Merge", "ComputeL7", "WrittenFeedback",
                "Gw_FalseMalicious", "Gw_FalseMalicious_Merge", "Gw_Resolved", "CloseCase", "End_Manage", "CloseRecord",
                "End_Closed");
        assertThat(passed).contains("Sub_Strands", "Sub_Manage");
        assertThat(passed).doesNotContain("ComputeMeeting", "PotMeeting", "ComputeL3", "PoliceReview", "S47Outcome",
                "IoReport", "ComputeL5", "Hearing", "ConfirmReferrals", "ConsiderAction", "ReviewMeeting");
        Map<String, JsonNode> variables = harness.variables(lado);
        assertThat(variables.get("employerProcess").asText()).isEqualTo("NO_FORMAL_ACTION");
        assertThat(variables.get("employerResult").asText()).isEqualTo("MANAGEMENT_ADVICE");
        assertThat(variables.get("finding").asText()).isEqualTo("UNFOUNDED");
        assertThat(variables.get("referralsNeeded").asBoolean()).isFalse();
        assertThat(variables.get("feedbackSent").asBoolean()).isTrue();

        assertThat(harness.caseStatus(lado)).isEqualTo("CLOSED");
        assertThat(steps.ladoCase(lado)).containsEntry("kcsie_edition", "KCSIE-LATER").containsEntry("finding", "UNFOUNDED")
                .containsEntry("disposal", "EMPLOYER_ACTION").containsEntry("refer_dbs", false);
        assertThat(harness.events(lado, "outcome.recorded")).extracting(e -> e.text("outcomeType") + "=" + e.text("outcome"))
                .containsExactly("kcsie-finding=UNFOUNDED", "lado-disposal=EMPLOYER_ACTION");
        // both deadlines met on time by the tasklist completions
        assertThat(harness.deadline(lado, "L4")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));
        assertThat(harness.deadline(lado, "L7")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));
        assertThat(harness.events(lado, "deadline.met")).extracting(e -> e.text("timescale"))
                .containsExactlyInAnyOrder("L4", "L7");
        // deadlines only where owed: a written referral, no meeting, not resolved at initial consideration, no
        // investigation or hearing: no L1a, L2a, L2b, L8a, L5 or L6a; only the portfolio targets lapse at closure
        assertThat(harness.deadlines(lado)).extracting(d -> d.timescaleId())
                .containsExactlyInAnyOrder("L4", "L7", "L8b1", "L8b3", "L8b12");
        assertThat(harness.events(lado, "deadline.lapsed")).extracting(e -> e.text("timescale"))
                .containsExactlyInAnyOrder("L8b1", "L8b3", "L8b12");
        assertThat(harness.events(lado, "deadline.breached")).isEmpty();
        assertThat(steps.decisions(lado)).containsExactly("lado-initial-consideration LADO",
                "lado-outcome-meeting LADO_MANAGER");
        harness.assertEventsPseudonymised(lado);
    }

    static Stream<Arguments> findings() {
        return Stream.of(
                Arguments.of("KCSIE-2016", "SUBSTANTIATED", true, true, false, false),
                Arguments.of("KCSIE-2016", "MALICIOUS", false, false, false, false),
                Arguments.of("KCSIE-2016", "FALSE", false, false, true, false),
                Arguments.of("KCSIE-2016", "UNSUBSTANTIATED", false, false, false, true),
                Arguments.of("KCSIE-LATER", "SUBSTANTIATED", true, true, true, true),
                Arguments.of("KCSIE-LATER", "MALICIOUS", false, false, false, false),
                Arguments.of("KCSIE-LATER", "FALSE", false, true, false, false),
                Arguments.of("KCSIE-LATER", "UNSUBSTANTIATED", false, false, false, false),
                Arguments.of("KCSIE-LATER", "UNFOUNDED", true, false, false, false));
    }

    /** A position of trust meeting that needs no strand, then the outcome meeting under the pinned edition. */
    @ParameterizedTest(name = "{0} {1}: dbs={2} tra={3} regulator={4} ofsted={5}")
    @MethodSource("findings")
    void eachFindingOfThePinnedKcsieEditionIsRecordedWithItsReferralDecisions(String edition, String finding,
            boolean dbs, boolean tra, boolean regulator, boolean ofsted) {
        LadoSteps steps = steps();
        boolean kcsie2016 = edition.equals("KCSIE-2016");
        ProcessCase lado;
        if (kcsie2016) {
            harness.setClock(Instant.parse("2017-03-06T09:30:00Z"));
            lado = harness.startCase(ReferralKind.LADO_ALLEGATION, d -> {
                d.put("receivedDate", "2017-03-06");
                // intake refuses an incident after the referral (date-order) or in the clock's future
                ((ObjectNode) d.get("allegation")).put("incidentDate", "2017-03-01");
            });
        } else {
            lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        }
        harness.completeUserTask(lado, "InitialConsideration", routing(LadoSteps.consideration("MEETING", false, false)));
        harness.completeUserTask(lado, "PotMeeting", routing(LadoSteps.potMeeting(false, false, false, null, harness.today())));
        harness.completeAsCaseworker(lado, "OutcomeMeeting", LadoSteps.outcome(finding, "NFA", dbs, tra, regulator, ofsted));
        boolean referrals = dbs || tra || regulator || ofsted;
        if (referrals) {
            harness.completeUserTask(lado, "ConfirmReferrals", Map.of("referralsConfirmed", true,
                    "referralsMadeOn", kcsie2016 ? "2017-03-08" : "2024-03-08"));
        }
        harness.completeUserTask(lado, "WrittenFeedback", Map.of("feedbackSent", true,
                "feedbackSentOn", kcsie2016 ? "2017-03-09" : "2024-03-09"));
        boolean falseOrMalicious = finding.equals("FALSE") || finding.equals("MALICIOUS");
        if (falseOrMalicious) {
            harness.completeAsCaseworker(lado, "ConsiderAction", Map.of("actionConsidered", "POLICE_ADVICE",
                    "record.rationale", "Police advice sought on a deliberately invented allegation."));
        }
        harness.completeUserTask(lado, "CloseCase", Map.of("lessonsLearned", false,
                "closedOn", kcsie2016 ? "2017-03-10" : "2024-03-10"));
        harness.awaitProcessCompleted(lado);

        Map<String, JsonNode> variables = harness.variables(lado);
        assertThat(variables.get("kcsieEdition").asText()).isEqualTo(edition);
        assertThat(variables.get("processVersion").asText()).isEqualTo(kcsie2016 ? "LADO-WT2013" : "LADO-WT2018");
        assertThat(variables.get("findingOptions")).hasSize(kcsie2016 ? 4 : 5);
        assertThat(variables.get("harmTestLimb4Applies").asBoolean()).isEqualTo(!kcsie2016);
        assertThat(variables.get("finding").asText()).isEqualTo(finding);
        assertThat(variables.get("referralsNeeded").asBoolean()).isEqualTo(referrals);
        JsonNode decided = variables.get("referralsDecided");
        assertThat(List.of(decided.path("dbs").asBoolean(), decided.path("tra").asBoolean(),
                decided.path("regulator").asBoolean(), decided.path("ofsted").asBoolean()))
                .containsExactly(dbs, tra, regulator, ofsted);
        JsonNode strands = variables.get("strands");
        assertThat(strands.path("police").asBoolean() || strands.path("csc").asBoolean()
                || strands.path("employer").asBoolean()).isFalse();

        List<String> passed = harness.completedElements(lado);
        assertThat(passed).containsSubsequence("Gw_Route", "ComputeMeeting", "PotMeeting", "Gw_Strands_Merge",
                "Start_Strands", "Split_Strands", "Join_Strands", "End_Strands", "OutcomeMeeting",
                "RecordOutcome", "Gw_Referrals");
        assertThat(passed).containsSubsequence("ComputeL7", "WrittenFeedback", "Gw_FalseMalicious");
        assertThat(passed).containsSubsequence("Gw_FalseMalicious_Merge", "Gw_Resolved", "CloseCase", "End_Manage",
                "CloseRecord", "End_Closed");
        assertThat(passed).contains("Sub_Strands", "Sub_Manage");
        assertThat(passed).doesNotContain("ComputeL3", "S47Outcome", "ComputeEmployer", "ReviewMeeting");
        assertThat(passed.contains("ConfirmReferrals")).isEqualTo(referrals);
        assertThat(passed.contains("ConsiderAction")).isEqualTo(falseOrMalicious);
        if (falseOrMalicious) {
            assertThat(variables.get("falseAllegationActionConsidered").asText()).isEqualTo("POLICE_ADVICE");
        }

        Map<String, Object> record = steps.ladoCase(lado);
        assertThat(record).containsEntry("kcsie_edition", edition).containsEntry("finding", finding)
                .containsEntry("disposal", "NFA").containsEntry("refer_dbs", dbs).containsEntry("refer_tra", tra)
                .containsEntry("refer_regulator", regulator).containsEntry("refer_ofsted", ofsted);
        assertThat(record.get("outcome_at")).isNotNull();
        List<String> expected = new ArrayList<>(List.of("kcsie-finding=" + finding, "lado-disposal=NFA"));
        if (dbs) {
            expected.add("lado-referral=dbs");
        }
        if (tra) {
            expected.add("lado-referral=tra");
        }
        if (regulator) {
            expected.add("lado-referral=regulator");
        }
        if (ofsted) {
            expected.add("lado-referral=ofsted");
        }
        assertThat(harness.events(lado, "outcome.recorded")).extracting(e -> e.text("outcomeType") + "=" + e.text("outcome"))
                .containsExactlyElementsOf(expected);
        assertThat(steps.decisions(lado)).containsExactly("lado-outcome-meeting LADO_MANAGER");
        assertThat(harness.jdbc().sql("SELECT outcomes ->> 'finding' FROM case_decision WHERE case_id = :id")
                .param("id", lado.caseId().value()).query(String.class).single()).isEqualTo(finding);
        assertThat(harness.caseStatus(lado)).isEqualTo("CLOSED");
        assertThat(harness.events(lado, "closed")).hasSize(1);
        assertThat(harness.deadlines(lado)).extracting(Deadlines.Deadline::timescaleId, Deadlines.Deadline::status)
                .doesNotContain(tuple("L7", "BREACHED"));
        assertThat(harness.incidents(lado)).isEmpty();
        harness.assertEventsPseudonymised(lado);
    }
}
