package org.opensafeguarding.workflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.LadoSteps;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opensafeguarding.workflow.processes.support.LadoSteps.routing;

/**
 * LADO allegation ({@code bpmn/lado-allegation.bpmn}): every deadline timer, fired by moving the engine's clock past
 * the due date the case carries, and the police, children's social care and employer strands with their review
 * meetings. Each breach is checked by {@link LadoSteps#breach}: {@code deadline.breached} for the timescale, its
 * {@code case_deadline} row BREACHED, the breach path {@code Emit_*} → {@code EscalationDone_*} completed in the
 * case's instance, the escalation task for {@code lado-manager} (priority 80, the timescale breached) as
 * {@code Escalate} of its own {@code deadline-escalation} instance, and the host step still active on an OPEN case.
 * Escalations are completed through the tasklist as the LADO manager; none holds up the case.
 *
 * <p>Coverage (timer boundaries and branches listed from the BPMN XML; the routes are in {@link LadoRoutesTest}):
 * <table>
 * <tr><th>Timer / escalation / branch</th><th>Test</th></tr>
 * <tr><td>{@code Timer_L1a_Receive_Written} → {@code Emit_L1a_Receive_Written} (escalation L1a); the terminate
 *     end {@code End_Closed} then ends the written-referral wait, while the escalation stays open for the manager</td>
 *     <td>{@link #aVerbalReferralWithoutItsWrittenFollowUpIsChasedAfterThreeWorkingDays}</td></tr>
 * <tr><td>{@code Timer_L2_PotMeeting} as L2a (immediate concern, 72 h) → {@code Emit_L2_PotMeeting} (escalation L2a)</td>
 *     <td>{@link #anImmediateConcernThenAPoliceStrandWithFortnightlyReviewsAndLateFeedback}</td></tr>
 * <tr><td>{@code Timer_L2_PotMeeting} as L2b (5 WD)</td><td>LadoProcessTest</td></tr>
 * <tr><td>{@code Timer_L3_PoliceReview} as L3 (first review) and as L3a (after {@code ComputeL3a}) →
 *     {@code Emit_L3_PoliceReview} (escalations L3, then L3a); {@code Gw_Police} "No: continue" and "Yes" (default)</td>
 *     <td>{@link #anImmediateConcernThenAPoliceStrandWithFortnightlyReviewsAndLateFeedback}</td></tr>
 * <tr><td>{@code Timer_L7_WrittenFeedback} → {@code Emit_L7_WrittenFeedback} (escalation L7)</td>
 *     <td>{@link #anImmediateConcernThenAPoliceStrandWithFortnightlyReviewsAndLateFeedback}</td></tr>
 * <tr><td>{@code Timer_L4_EmployerAction} → {@code Emit_L4_EmployerAction} (escalation L4);
 *     {@code Gw_EmployerProcess} "No formal discipline"</td>
 *     <td>{@link #eachEmployerProcessHasItsOwnDeadline} (NO_FORMAL_ACTION)</td></tr>
 * <tr><td>{@code Timer_L5L6c_Hearing} as L5 (after {@code ComputeL5}) → {@code Emit_L5L6c_Hearing} (escalation L5);
 *     {@code Gw_EmployerProcess} "Hearing without investigation"</td>
 *     <td>{@link #eachEmployerProcessHasItsOwnDeadline} (HEARING)</td></tr>
 * <tr><td>{@code Timer_L6a_IoReport} → {@code Emit_L6a_IoReport} (escalation L6a); {@code Gw_EmployerProcess} "Investigation"
 *     (default); {@code Gw_Hearing} "No" (default)</td>
 *     <td>{@link #eachEmployerProcessHasItsOwnDeadline} (INVESTIGATION)</td></tr>
 * <tr><td>{@code Timer_L6b_HearingDecision} → {@code Emit_L6b_HearingDecision} (escalation L6b); {@code Gw_Hearing}
 *     "Yes" → {@code ComputeL6c}; {@code Timer_L5L6c_Hearing} as L6c; {@code Sub_Strands} completing with the L6a
 *     and L6b escalations still unanswered</td>
 *     <td>{@link #allThreeStrandsRunTogetherWithReviewMeetingsUntilTheLastConcludes}</td></tr>
 * <tr><td>{@code Split_Strands} police + CSC + employer together; {@code Join_Strands} waits for all;
 *     {@code Timer_ReviewMeeting} (cycle from the POT meeting, R/P2W) → {@code ReviewMeeting}, recurring, and
 *     stopping when the strands end</td>
 *     <td>{@link #allThreeStrandsRunTogetherWithReviewMeetingsUntilTheLastConcludes}</td></tr>
 * <tr><td>{@code Timer_ReviewMeeting} with the partnership default cycle (R/P4W, no cycle chosen)</td>
 *     <td>{@link #anImmediateConcernThenAPoliceStrandWithFortnightlyReviewsAndLateFeedback}</td></tr>
 * <tr><td>{@code Timer_L8b1_Sub_Manage}, {@code Timer_L8b3_Sub_Manage}, {@code Timer_L8b12_Sub_Manage} →
 *     {@code Emit_L8b1/L8b3/L8b12_Sub_Manage} (escalations L8b1, L8b3, L8b12, outliving the case)</td>
 *     <td>{@link #aCaseStillOpenAfterOneThreeAndTwelveMonthsIsEscalatedEachTime}</td></tr>
 * <tr><td>{@code Timer_L8a_RecordResolution}</td><td>LadoRoutesTest</td></tr>
 * </table>
 */
class LadoDeadlinesTest extends ProcessTestSupport {

    private LadoSteps steps() {
        return new LadoSteps(harness);
    }

    private List<String> openTaskElements(ProcessCase c) {
        return harness.openUserTasks(c).stream().map(UserTask::getElementId).toList();
    }

    private long instances(ProcessCase c, String elementId) {
        return harness.elements(c).stream().filter(e -> elementId.equals(e.getElementId())).count();
    }

    /** Completes every open task of this element straight at the engine (review meetings that have piled up). */
    private void completeAllOpen(ProcessCase c, String elementId, Map<String, Object> variables) {
        for (UserTask task : harness.openUserTasks(c, elementId)) {
            harness.completeUserTask(task, variables);
        }
    }

    @Test
    void aVerbalReferralWithoutItsWrittenFollowUpIsChasedAfterThreeWorkingDays() {
        LadoSteps steps = steps();
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION, d -> d.put("referralChannel", "verbal"));
        harness.awaitElementActive(lado, "Receive_Written");
        // Mon 4 Mar + 3 working days: due Thu 7 Mar (its last second), late from 00:00 on Fri 8 Mar
        assertThat(harness.variable(lado, "dueL1a").asText()).isEqualTo("2024-03-07T23:59:59Z");
        assertThat(harness.variable(lado, "breachAtL1a").asText()).isEqualTo("2024-03-08T00:00:00Z");
        assertThat(harness.deadline(lado, "L1a")).hasValueSatisfying(d ->
                assertThat(d.dueAt()).isEqualTo(Instant.parse("2024-03-07T23:59:59Z")));
        assertThat(harness.awaitEvent(lado, "deadline.set", d -> "L1a".equals(d.path("timescale").asText()))
                .text("dueOn")).isEqualTo("2024-03-07");

        UserTask chase = steps.breach(lado, "dueL1a", "L1a", "Emit_L1a_Receive_Written", "Receive_Written");
        assertThat(steps.escalationTimescale(chase)).isEqualTo("L1a");
        assertThat(harness.completedElements(lado)).containsSubsequence("Timer_L1a_Receive_Written",
                "Emit_L1a_Receive_Written", "EscalationDone_L1a_Receive_Written");
        assertThat(harness.awaitEvent(lado, "deadline.breached", d -> true).text("dueOn")).isEqualTo("2024-03-07");
        // the allegation itself goes on meanwhile; the chase is the manager's, outside the case's instance
        assertThat(openTaskElements(lado)).containsExactly("InitialConsideration");

        // the written referral never comes; the allegation is resolved and the case closed without anyone answering
        // the chase: the terminate end ends the wait, and the escalation, an instance of its own, stays open
        harness.completeUserTask(lado, "InitialConsideration", routing(LadoSteps.consideration("NFA", false, false)));
        harness.completeUserTask(lado, "RecordResolution", routing(LadoSteps.resolution("NFA")));
        harness.completeUserTask(lado, "CloseCase", routing(LadoSteps.closure(harness.today())));
        harness.awaitProcessCompleted(lado);

        assertThat(harness.completedElements(lado)).contains("End_Closed").doesNotContain("Receive_Written",
                "End_WrittenOnFile");
        assertThat(harness.openUserTasks(lado)).isEmpty();
        assertThat(harness.caseStatus(lado)).isEqualTo("CLOSED");
        assertThat(harness.openEscalationTasks(lado, "L1a")).as("the manager still sees the late written referral")
                .singleElement().extracting(UserTask::getUserTaskKey).isEqualTo(chase.getUserTaskKey());
        assertThat(harness.deadline(lado, "L1a")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        assertThat(harness.events(lado, "deadline.breached")).extracting(e -> e.text("timescale")).containsExactly("L1a");
        harness.assertEventsPseudonymised(lado);
    }

    @Test
    void anImmediateConcernThenAPoliceStrandWithFortnightlyReviewsAndLateFeedback() {
        LadoSteps steps = steps();
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.completeAsCaseworker(lado, "InitialConsideration", LadoSteps.consideration("MEETING", true, false));

        // immediate safeguarding concern: the meeting is due 72 hours after the route was chosen (L2a), not in 5 WD
        UserTask meeting = harness.awaitUserTask(lado, "PotMeeting");
        harness.awaitQuiet(lado);
        Instant dueL2a = steps.due(lado, "dueL2a");
        assertThat(meeting.getDueDate().toInstant()).isEqualTo(dueL2a);
        // due: the last second of the 72 hours; the timer fires at the first late one
        assertThat(Duration.between(Instant.parse("2024-03-04T09:00:00Z"), dueL2a)).isBetween(
                Duration.ofHours(72).minusSeconds(1), Duration.ofHours(72).plusMinutes(1));
        assertThat(steps.due(lado, "breachAtL2a")).isEqualTo(dueL2a.plusSeconds(1));
        // one meeting deadline: with immediate concerns L2b is not owed at all
        assertThat(harness.deadline(lado, "L2b")).isEmpty();
        assertThat(harness.variable(lado, "dueL2b").isNull() || harness.variable(lado, "dueL2b").isMissingNode())
                .as("no L2b due date").isTrue();
        UserTask l2 = steps.breach(lado, "dueL2a", "L2a", "Emit_L2_PotMeeting", "PotMeeting");
        assertThat(steps.escalationTimescale(l2)).isEqualTo("L2a");
        assertThat(harness.escalationVariables(l2).get("dueAt").asText()).isEqualTo(dueL2a.toString());
        assertThat(steps.breaches(lado, "L2b")).isZero();
        harness.completeAsCaseworker(l2, LadoSteps.escalation("REPLANNED"));
        assertThat(harness.openEscalationTasks(lado, "L2a")).isEmpty();

        // the meeting agrees a police strand only and keeps the partnership's review cycle
        harness.completeAsCaseworker(lado, "PotMeeting", LadoSteps.potMeeting(true, false, false, null, harness.today()));
        UserTask review = harness.awaitUserTask(lado, "PoliceReview");
        harness.awaitQuiet(lado);
        assertThat(harness.variable(lado, "reviewMeetingCycle").asText()).isEqualTo("R/P4W");
        assertThat(harness.variable(lado, "suspension").asText()).isEqualTo("ALTERNATIVES");
        Instant firstReview = steps.due(lado, "duePoliceReview");
        assertThat(review.getDueDate().toInstant()).isEqualTo(firstReview);
        assertThat(harness.deadline(lado, "L3")).hasValueSatisfying(d -> assertThat(d.dueAt()).isEqualTo(firstReview));

        // L3: no CPS review within 4 weeks; the review meeting (every 4 weeks by default) comes round too
        UserTask l3 = steps.breach(lado, "duePoliceReview", "L3", "Emit_L3_PoliceReview", "PoliceReview");
        assertThat(steps.escalationTimescale(l3)).isEqualTo("L3");
        harness.completeAsCaseworker(lado, "ReviewMeeting", Map.of("strandsOnTrack", false, "meetingHeldOn",
                harness.today(), "record.reviewNotes", "Police review overdue; chased."));
        harness.completeAsCaseworker(l3, LadoSteps.escalation("CHASED"));
        harness.completeAsCaseworker(lado, "PoliceReview", Map.of("policeReviewResult", "CONTINUE",
                "policeResult", "ONGOING", "reviewHeldOn", harness.today()));

        // continue: the next review is due a fortnight later (L3a), on the same task and timer
        harness.awaitElementCompleted(lado, "ComputeL3a");
        harness.awaitUserTask(lado, "PoliceReview");
        harness.awaitQuiet(lado);
        Instant nextReview = steps.due(lado, "duePoliceReview");
        assertThat(nextReview).isAfter(firstReview.plus(Duration.ofDays(13)));
        assertThat(harness.deadline(lado, "L3a")).hasValueSatisfying(d -> assertThat(d.dueAt()).isEqualTo(nextReview));
        UserTask l3a = steps.breach(lado, "duePoliceReview", "L3a", "Emit_L3_PoliceReview", "PoliceReview");
        assertThat(steps.escalationTimescale(l3a)).as("the escalation names the timescale the emit breached, though"
                + " the timer's header says L3").isEqualTo("L3a");
        assertThat(harness.escalationVariables(l3a).get("dueAt").asText()).isEqualTo(nextReview.toString());
        assertThat(harness.openEscalationTasks(lado, "L3")).as("the L3 escalation was answered").isEmpty();
        assertThat(harness.deadline(lado, "L3")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        harness.completeAsCaseworker(l3a, LadoSteps.escalation("CHASED"));
        harness.completeAsCaseworker(lado, "PoliceReview", Map.of("policeReviewResult", "CHARGE",
                "policeResult", "CHARGED", "reviewHeldOn", harness.today()));

        // the only strand has concluded: the outcome meeting; DBS and TRA referrals; feedback late (L7)
        harness.awaitUserTask(lado, "OutcomeMeeting");
        completeAllOpen(lado, "ReviewMeeting", Map.of("strandsOnTrack", true, "meetingHeldOn", "2024-04-29"));
        harness.completeAsCaseworker(lado, "OutcomeMeeting",
                LadoSteps.outcome("SUBSTANTIATED", "EMPLOYER_ACTION", true, true, false, false));
        harness.completeAsCaseworker(lado, "ConfirmReferrals", Map.of("referralsConfirmed", true,
                "referralsMadeOn", harness.today()));
        UserTask feedback = harness.awaitUserTask(lado, "WrittenFeedback");
        harness.awaitQuiet(lado);
        assertThat(feedback.getDueDate().toInstant()).isEqualTo(steps.due(lado, "dueL7"));
        UserTask l7 = steps.breach(lado, "dueL7", "L7", "Emit_L7_WrittenFeedback", "WrittenFeedback");
        harness.completeAsCaseworker(l7, LadoSteps.escalation("CHASED"));
        harness.completeAsCaseworker(lado, "WrittenFeedback", Map.of("feedbackSent", true, "feedbackSentOn", harness.today()));
        completeAllOpen(lado, "ReviewMeeting", Map.of("strandsOnTrack", true, "meetingHeldOn", "2024-04-29"));
        // the one-month escalation (L8b1) came due on the way; the manager answers it, then the case closes
        harness.completeAsCaseworker(harness.awaitEscalation(lado, "L8b1", "lado-manager", "Emit_L8b1_Sub_Manage"),
                LadoSteps.escalation("LATE_WITH_REASON"));
        harness.completeAsCaseworker(lado, "CloseCase", LadoSteps.closure(harness.today()));
        harness.awaitProcessCompleted(lado);

        List<String> passed = harness.completedElements(lado);
        assertThat(passed).containsSubsequence("Gw_Route", "ComputeMeeting", "PotMeeting", "Gw_Strands_Merge",
                "Split_Strands", "ComputeL3", "PoliceReview", "Gw_Police", "ComputeL3a", "PoliceReview", "Gw_Police",
                "Join_Strands", "End_Strands", "OutcomeMeeting", "RecordOutcome", "Gw_Referrals", "ConfirmReferrals",
                "Gw_Referrals_Merge", "ComputeL7", "WrittenFeedback", "Gw_FalseMalicious", "CloseCase", "End_Manage",
                "CloseRecord", "End_Closed");
        assertThat(passed).contains("Timer_L2_PotMeeting", "Emit_L2_PotMeeting", "EscalationDone_L2_PotMeeting",
                "Timer_L7_WrittenFeedback", "Emit_L7_WrittenFeedback", "EscalationDone_L7_WrittenFeedback",
                "Timer_ReviewMeeting", "End_ReviewMeeting");
        assertThat(passed).doesNotContain("S47Outcome", "ComputeEmployer");
        assertThat(passed.stream().filter("Timer_L3_PoliceReview"::equals)).hasSize(2);
        assertThat(harness.variable(lado, "policeResult").asText()).isEqualTo("CHARGED");
        assertThat(harness.caseStatus(lado)).isEqualTo("CLOSED");
        assertThat(steps.ladoCase(lado)).containsEntry("finding", "SUBSTANTIATED").containsEntry("refer_dbs", true)
                .containsEntry("refer_tra", true).containsEntry("refer_regulator", false);
        assertThat(harness.events(lado, "deadline.breached")).extracting(e -> e.text("timescale"))
                .contains("L2a", "L3", "L3a", "L7", "L8b1").doesNotContain("L2b");
        assertThat(steps.decisions(lado)).containsExactly("lado-initial-consideration LADO", "lado-pot-meeting LADO",
                "lado-outcome-meeting LADO_MANAGER");
        assertThat(steps.notes(lado)).contains("record.escalationReason", "record.reviewNotes", "record.lessons");
        harness.assertEventsPseudonymised(lado);
    }

    @Test
    void allThreeStrandsRunTogetherWithReviewMeetingsUntilTheLastConcludes() {
        LadoSteps steps = steps();
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.completeUserTask(lado, "InitialConsideration", routing(LadoSteps.consideration("MEETING", false, false)));
        harness.completeAsCaseworker(lado, "PotMeeting", LadoSteps.potMeeting(true, true, true, "R/P2W", harness.today()));

        harness.awaitUserTask(lado, "PoliceReview");
        harness.awaitUserTask(lado, "S47Outcome");
        harness.awaitUserTask(lado, "EmployerProcess");
        harness.awaitQuiet(lado);
        assertThat(harness.variable(lado, "reviewMeetingCycle").asText()).isEqualTo("R/P2W");
        JsonNode strands = harness.variable(lado, "strands");
        assertThat(strands.path("police").asBoolean() && strands.path("csc").asBoolean()
                && strands.path("employer").asBoolean()).isTrue();
        // held within 5 working days: L2b met by the completion
        assertThat(harness.deadline(lado, "L2b")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));

        // police and children's social care conclude at once; the join still waits for the employer
        harness.completeUserTask(lado, "PoliceReview", Map.of("policeReviewResult", "CLOSE", "policeResult", "NFA",
                "reviewHeldOn", "2024-03-05"));
        harness.completeAsCaseworker(lado, "S47Outcome", Map.of("cscResult", "S47_NOT_SUBSTANTIATED"));
        harness.completeUserTask(lado, "EmployerProcess", Map.of("employerProcess", "INVESTIGATION"));
        harness.awaitUserTask(lado, "IoReport");
        harness.awaitQuiet(lado);
        assertThat(steps.isActive(lado, "Sub_Strands")).isTrue();
        assertThat(harness.hasCompleted(lado, "Join_Strands")).isFalse();
        assertThat(openTaskElements(lado)).containsExactly("IoReport");

        // L6a: the investigating officer's report is late; the first fortnightly review meeting came before it
        UserTask l6a = steps.breach(lado, "dueL6a", "L6a", "Emit_L6a_IoReport", "IoReport");
        assertThat(instances(lado, "ReviewMeeting")).isEqualTo(1);
        UserTask reviewMeeting = harness.awaitUserTask(lado, "ReviewMeeting");
        assertThat(reviewMeeting.getCandidateGroups()).containsExactly("lado");
        harness.completeAsCaseworker(lado, "ReviewMeeting", Map.of("strandsOnTrack", false, "meetingHeldOn",
                harness.today(), "record.reviewNotes", "Investigation report overdue."));
        // the manager has not answered the L6a escalation yet: the employer strand goes on regardless
        harness.completeUserTask(lado, "IoReport", Map.of("ioReportReceived", true, "reportReceivedOn", "2024-03-19"));

        // L6b: no decision on a hearing within 2 working days of the report
        harness.awaitUserTask(lado, "HearingDecision");
        UserTask l6b = steps.breach(lado, "dueL6b", "L6b", "Emit_L6b_HearingDecision", "HearingDecision");
        harness.completeUserTask(lado, "HearingDecision", Map.of("hearingNeeded", true, "decidedOn", "2024-03-22"));

        // L6c: the hearing 15 working days after the decision, shared timer with L5 on dueHearing
        UserTask hearing = harness.awaitUserTask(lado, "Hearing");
        harness.awaitQuiet(lado);
        assertThat(hearing.getDueDate().toInstant()).isEqualTo(steps.due(lado, "dueHearing"));
        assertThat(harness.deadline(lado, "L6c")).hasValueSatisfying(d ->
                assertThat(d.dueAt()).isEqualTo(steps.due(lado, "dueHearing")));
        UserTask l6c = steps.breach(lado, "dueHearing", "L6c", "Emit_L5L6c_Hearing", "Hearing");
        assertThat(steps.escalationTimescale(l6c)).isEqualTo("L6c");
        assertThat(steps.breaches(lado, "L5")).isZero();
        // the review meetings kept coming every fortnight while the strands ran
        long reviews = instances(lado, "ReviewMeeting");
        assertThat(reviews).isGreaterThanOrEqualTo(3);
        completeAllOpen(lado, "ReviewMeeting", Map.of("strandsOnTrack", false, "meetingHeldOn", "2024-04-15"));
        harness.completeAsCaseworker(l6c, LadoSteps.escalation("CHASED"));
        harness.completeAsCaseworker(lado, "Hearing", Map.of("employerResult", "DISMISSAL", "resultOn", harness.today()));

        // the last strand concluded: the join passes, the review meetings stop; the strands subprocess, whose
        // timers fired L6a and L6b, completed with both escalations still unanswered
        harness.awaitUserTask(lado, "OutcomeMeeting");
        harness.awaitQuiet(lado);
        assertThat(steps.isActive(lado, "Sub_Strands")).isFalse();
        assertThat(harness.hasCompleted(lado, "Sub_Strands")).isTrue();
        assertThat(harness.openEscalationTasks(lado, "L6a")).singleElement().extracting(UserTask::getUserTaskKey)
                .isEqualTo(l6a.getUserTaskKey());
        assertThat(harness.openEscalationTasks(lado, "L6b")).singleElement().extracting(UserTask::getUserTaskKey)
                .isEqualTo(l6b.getUserTaskKey());
        assertThat(harness.openEscalationTasks(lado, "L6c")).isEmpty();
        harness.completeAsCaseworker(l6a, LadoSteps.escalation("CHASED"));
        harness.completeAsCaseworker(l6b, LadoSteps.escalation("CHASED"));
        assertThat(harness.openEscalationTasks(lado, "L6a")).isEmpty();
        assertThat(harness.completedElements(lado)).containsSubsequence("Gw_EmployerProcess", "IoReport", "ComputeL6b",
                "HearingDecision", "Gw_Hearing", "ComputeL6c", "Gw_Hearing_Merge", "Hearing", "Gw_Employer_Merge",
                "Join_Strands", "End_Strands");
        assertThat(harness.completedElements(lado)).contains("S47Outcome", "ComputeL3", "Gw_Police")
                .doesNotContain("ComputeL3a", "ComputeL5", "EmployerAction");
        harness.advanceClock(Duration.ofDays(15));
        harness.awaitQuiet(lado);
        assertThat(instances(lado, "ReviewMeeting")).isEqualTo(reviews);
        assertThat(harness.openUserTasks(lado, "ReviewMeeting")).isEmpty();

        Map<String, JsonNode> variables = harness.variables(lado);
        assertThat(variables.get("policeResult").asText()).isEqualTo("NFA");
        assertThat(variables.get("cscResult").asText()).isEqualTo("S47_NOT_SUBSTANTIATED");
        assertThat(variables.get("employerResult").asText()).isEqualTo("DISMISSAL");
        assertThat(variables.get("hearingNeeded").asBoolean()).isTrue();
        assertThat(harness.caseStatus(lado)).isEqualTo("OPEN");
        assertThat(harness.events(lado, "deadline.breached")).extracting(e -> e.text("timescale"))
                .contains("L6a", "L6b", "L6c");
        assertThat(harness.events(lado, "deadline.met")).extracting(e -> e.text("timescale")).contains("L2b");
        assertThat(steps.decisions(lado)).containsExactly("lado-pot-meeting LADO");
        assertThat(steps.notes(lado)).contains("record.reviewNotes", "record.escalationReason");
        harness.assertEventsPseudonymised(lado);
    }

    static Stream<Arguments> employerProcesses() {
        return Stream.of(
                Arguments.of("NO_FORMAL_ACTION", "dueL4", "L4", "Emit_L4_EmployerAction", "EmployerAction"),
                Arguments.of("HEARING", "dueHearing", "L5", "Emit_L5L6c_Hearing", "Hearing"),
                Arguments.of("INVESTIGATION", "dueL6a", "L6a", "Emit_L6a_IoReport", "IoReport"));
    }

    /** Employer to manage: the employer's process chooses the task and the timescale that applies to it. */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("employerProcesses")
    void eachEmployerProcessHasItsOwnDeadline(String process, String dueVariable, String timescale, String emit,
                                              String host) {
        LadoSteps steps = steps();
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.completeUserTask(lado, "InitialConsideration", routing(LadoSteps.consideration("EMPLOYER", false, false)));
        harness.completeUserTask(lado, "EmployerProcess", Map.of("employerProcess", process));

        UserTask task = harness.awaitUserTask(lado, host);
        harness.awaitQuiet(lado);
        assertThat(task.getDueDate().toInstant()).isEqualTo(steps.due(lado, dueVariable));
        UserTask chase = steps.breach(lado, dueVariable, timescale, emit, host);
        assertThat(steps.escalationTimescale(chase)).isEqualTo(timescale);
        String path = emit.substring("Emit_".length());
        assertThat(harness.completedElements(lado)).containsSubsequence("Timer_" + path, emit, "EscalationDone_" + path);
        harness.completeAsCaseworker(chase, LadoSteps.escalation("CHASED"));
        assertThat(harness.escalationVariables(chase).get("escalationAction").asText()).isEqualTo("CHASED");

        // late, the strand goes on to the outcome meeting
        switch (process) {
            case "NO_FORMAL_ACTION", "HEARING" -> harness.completeUserTask(lado, host,
                    Map.of("employerResult", "FINAL_WARNING", "resultOn", "2024-04-02"));
            default -> {
                harness.completeUserTask(lado, "IoReport", Map.of("ioReportReceived", true, "reportReceivedOn", "2024-03-20"));
                harness.completeUserTask(lado, "HearingDecision", Map.of("hearingNeeded", false, "decidedOn", "2024-03-21"));
            }
        }
        harness.awaitUserTask(lado, "OutcomeMeeting");
        harness.awaitQuiet(lado);

        List<String> passed = harness.completedElements(lado);
        assertThat(passed).containsSubsequence("EmployerOnly", "Split_Strands", "EmployerProcess", "ComputeEmployer",
                "Gw_EmployerProcess");
        // only the employer process chosen owes a deadline: no L4 / L5 / L6a rows for the other two
        assertThat(harness.deadlines(lado)).extracting(d -> d.timescaleId())
                .filteredOn(id -> List.of("L4", "L5", "L6a").contains(id)).containsExactly(timescale);
        assertThat(passed).containsSubsequence(host, "Gw_Employer_Merge", "Join_Strands", "End_Strands");
        switch (process) {
            case "NO_FORMAL_ACTION" -> assertThat(passed).doesNotContain("IoReport", "ComputeL5", "Hearing");
            case "HEARING" -> {
                assertThat(passed).containsSubsequence("Gw_EmployerProcess", "ComputeL5", "Gw_Hearing_Merge", "Hearing");
                assertThat(passed).doesNotContain("IoReport", "EmployerAction", "ComputeL6c");
                assertThat(harness.variable(lado, "employerResult").asText()).isEqualTo("FINAL_WARNING");
            }
            default -> {
                assertThat(passed).containsSubsequence("IoReport", "ComputeL6b", "HearingDecision", "Gw_Hearing",
                        "Gw_Employer_Merge");
                assertThat(passed).doesNotContain("ComputeL6c", "Hearing", "EmployerAction");
                assertThat(harness.variable(lado, "hearingNeeded").asBoolean()).isFalse();
                assertThat(harness.variable(lado, "ioReportReceived").asBoolean()).isTrue();
            }
        }
        assertThat(harness.variable(lado, "employerProcess").asText()).isEqualTo(process);
        assertThat(harness.events(lado, "deadline.breached")).extracting(e -> e.text("timescale")).containsExactly(timescale);
        assertThat(harness.deadline(lado, timescale)).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        assertThat(steps.notes(lado)).containsExactly("record.escalationReason");
        assertThat(harness.caseStatus(lado)).isEqualTo("OPEN");
        harness.assertEventsPseudonymised(lado);
    }

    @Test
    void aCaseStillOpenAfterOneThreeAndTwelveMonthsIsEscalatedEachTime() {
        LadoSteps steps = steps();
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.awaitUserTask(lado, "InitialConsideration");

        UserTask oneMonth = steps.breach(lado, "dueL8b1", "L8b1", "Emit_L8b1_Sub_Manage", "Sub_Manage");
        assertThat(steps.escalationTimescale(oneMonth)).isEqualTo("L8b1");
        harness.completeAsCaseworker(oneMonth, LadoSteps.escalation("ESCALATED_FURTHER"));
        UserTask threeMonths = steps.breach(lado, "dueL8b3", "L8b3", "Emit_L8b3_Sub_Manage", "Sub_Manage");
        assertThat(steps.escalationTimescale(threeMonths)).isEqualTo("L8b3");
        UserTask twelveMonths = steps.breach(lado, "dueL8b12", "L8b12", "Emit_L8b12_Sub_Manage", "Sub_Manage");
        assertThat(steps.escalationTimescale(twelveMonths)).isEqualTo("L8b12");

        assertThat(harness.events(lado, "deadline.breached")).extracting(e -> e.text("timescale") + " " + e.text("dueOn"))
                .containsExactly("L8b1 2024-04-04", "L8b3 2024-06-04", "L8b12 2025-03-04");
        assertThat(harness.completedElements(lado)).contains("Timer_L8b1_Sub_Manage", "Emit_L8b1_Sub_Manage",
                "EscalationDone_L8b1_Sub_Manage", "Timer_L8b3_Sub_Manage", "Emit_L8b3_Sub_Manage",
                "Timer_L8b12_Sub_Manage", "Emit_L8b12_Sub_Manage", "EscalationDone_L8b12_Sub_Manage");
        // a year on, the allegation is still at initial consideration: nothing was closed or blocked, and the
        // escalations wait for the manager outside the case's instance
        assertThat(openTaskElements(lado)).containsExactly("InitialConsideration");
        assertThat(harness.openEscalationTasks(lado, "L8b1")).isEmpty();
        assertThat(harness.escalationVariables(oneMonth).get("escalationAction").asText()).isEqualTo("ESCALATED_FURTHER");
        assertThat(harness.variable(lado, "escalationAction").isMissingNode()).as("the answer stays with the escalation")
                .isTrue();

        // the case still closes without anyone answering: the L8a chase that came due at once when the resolution
        // task opened a year late, and L8b3 / L8b12, stay open for the manager (instances of their own, which no
        // terminate end of the case reaches)
        harness.completeUserTask(lado, "InitialConsideration", routing(LadoSteps.consideration("NFA", false, false)));
        UserTask l8a = harness.awaitEscalation(lado, "L8a", "lado-manager", "Emit_L8a_RecordResolution");
        harness.completeUserTask(lado, "RecordResolution", routing(LadoSteps.resolution("NFA")));
        harness.completeUserTask(lado, "CloseCase", routing(LadoSteps.closure(harness.today())));
        harness.awaitProcessCompleted(lado);
        assertThat(harness.caseStatus(lado)).isEqualTo("CLOSED");
        assertThat(harness.openUserTasks(lado)).isEmpty();
        assertThat(harness.completedElements(lado)).containsSubsequence("CloseCase", "End_Manage", "CloseRecord",
                "End_Closed").contains("EscalationDone_L8a_RecordResolution");
        assertThat(harness.deadline(lado, "L8a")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        assertThat(harness.openEscalationTasks(lado, "L8a")).singleElement().extracting(UserTask::getUserTaskKey)
                .isEqualTo(l8a.getUserTaskKey());
        assertThat(harness.openEscalationTasks(lado, "L8b3")).singleElement().extracting(UserTask::getUserTaskKey)
                .isEqualTo(threeMonths.getUserTaskKey());
        assertThat(harness.openEscalationTasks(lado, "L8b12")).singleElement().extracting(UserTask::getUserTaskKey)
                .isEqualTo(twelveMonths.getUserTaskKey());
        harness.assertEventsPseudonymised(lado);
    }
}
