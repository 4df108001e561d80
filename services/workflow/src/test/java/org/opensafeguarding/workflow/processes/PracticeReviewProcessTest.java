package org.opensafeguarding.workflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.processes.support.PracticeReviewSteps;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opensafeguarding.workflow.processes.support.PracticeReviewSteps.*;

/**
 * Serious incident notification, rapid review and practice review ({@code bpmn/practice-review.bpmn},
 * {@code practice-review-wt2018}, CSPR-WT2018) through the real intake, tasklist, workers and local engine: one test
 * per path. The timers and their escalations are in {@link PracticeReviewDeadlinesTest}.
 *
 * <p>Coverage of the model (gateways, branches, messages and start events read from the BPMN XML):
 * <table>
 * <tr><th>Element / branch</th><th>Test</th></tr>
 * <tr><td>{@code Start_Referred} (intake, SIN incident date after the transition date)</td><td>{@link #aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure}</td></tr>
 * <tr><td>{@code Start_FromCdr} (message {@code sin.candidate.raised})</td><td>{@link #aReviewRaisedByAChildDeathRunsItsPathWithItsOwnCaseAndTheDeathAsSource}</td></tr>
 * <tr><td>{@code Split_Notify} → {@code SubmitSin} only ({@code sinCriteriaMet})</td><td>{@link #aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure}</td></tr>
 * <tr><td>{@code Split_Notify} → {@code NotifyLacDeath} only ({@code lookedAfterChildDied})</td><td>{@link #aLookedAfterChildsDeathWithoutAbuseIsNotifiedToTheSecretaryOfStateAndNeedsNoNotification}</td></tr>
 * <tr><td>{@code Split_Notify} → both, {@code Join_Notify} waits for both</td><td>{@link #aWithdrawnNotificationStopsTheRapidReviewAndClosesTheCase}</td></tr>
 * <tr><td>{@code Split_Notify} → default "Neither"</td><td>{@link #criteriaNotMetClosesTheCaseAsNotificationNotRequired}</td></tr>
 * <tr><td>{@code Gw_SinSubmitted} Yes / No (default)</td><td>{@link #aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure} / {@link #criteriaNotMetClosesTheCaseAsNotificationNotRequired}</td></tr>
 * <tr><td>{@code Sub_AgencySummaries} multi-instance, {@code agency-request.returned} (answered and DECLINED)</td><td>{@link #aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure}</td></tr>
 * <tr><td>{@code SinWithdrawn} interrupting message boundary ({@code review.sin-withdrawn})</td><td>{@link #aWithdrawnNotificationStopsTheRapidReviewAndClosesTheCase}</td></tr>
 * <tr><td>{@code Gw_PanelResponse} QUERY → {@code PanelQuery} → {@code ComputeR2b} again</td><td>{@link #aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure}</td></tr>
 * <tr><td>{@code Gw_PanelResponse} default (AGREE_LOCAL / AGREE_NO_REVIEW) → {@code LcsprDecision}</td><td>{@link #aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure}, {@link #aReviewRaisedByAChildDeathRunsItsPathWithItsOwnCaseAndTheDeathAsSource}</td></tr>
 * <tr><td>{@code Gw_PanelResponse} NATIONAL_REVIEW → {@code NationalReview} → {@code Gw_Alt_Merge}</td><td>{@link #aNationalReviewByThePanelGoesStraightToActionMonitoring}</td></tr>
 * <tr><td>{@code Gw_Lcspr} COMMISSION_LCSPR → {@code Sub_Lcspr}</td><td>{@link #aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure}</td></tr>
 * <tr><td>{@code Gw_Lcspr} NO_REVIEW → {@code CloseNoReview} (no-lcspr)</td><td>{@link #aReviewRaisedByAChildDeathRunsItsPathWithItsOwnCaseAndTheDeathAsSource}</td></tr>
 * <tr><td>{@code Gw_Lcspr} default (OTHER_LEARNING) → {@code OtherLearning} → {@code Gw_Alt_Merge}</td><td>{@link #otherLocalLearningGoesToActionMonitoring}</td></tr>
 * <tr><td>{@code Gw_Actions} No → {@code NextReview} timer ({@code actionPlanReviewInterval}) → {@code Gw_Monitor_Merge}; Yes → {@code CloseRecord}</td><td>{@link #aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure}</td></tr>
 * <tr><td>{@code EventSub_FurtherReferral} ({@code referral-received} from intake)</td><td>{@link #aFurtherReferralNamingTheOpenCaseGivesTheBusinessUnitATaskAndTheCaseCarriesOn}</td></tr>
 * <tr><td>Regimes: SCR referral / SIN before the transition (SIN duty) date → {@code scr-referral-wt2013}; after → this model; version pinned</td><td>{@link #bothRegimesSideBySideEachCasePinnedToItsProcessAndVersionForLife}</td></tr>
 * <tr><td>Worker failure → incident → recovery ({@code ComputeR4})</td><td>{@link #aPlannedPublicationDateThatIsNotADateIsAnIncidentAndTheCaseRecoversOnceCorrected}</td></tr>
 * </table>
 */
class PracticeReviewProcessTest extends ProcessTestSupport {

    private PracticeReviewSteps steps() {
        return new PracticeReviewSteps(harness);
    }

    @Test
    void aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure() {
        PracticeReviewSteps steps = steps();
        // incident Fri 1 Mar 2024, the LA aware Mon 4 Mar, referred the same morning (the harness's clock)
        ProcessCase sin = harness.startCaseOverRest(sinReferral("2024-03-01", "2024-03-04"));
        assertThat(sin.processId()).isEqualTo(ProcessIds.PRACTICE_REVIEW);

        UserTask threshold = harness.awaitUserTask(sin, "Threshold");
        harness.awaitQuiet(sin);
        assertThat(threshold.getCandidateGroups()).containsExactly("safeguarding-partners");
        Map<String, JsonNode> start = harness.variables(sin);
        assertThat(start.get("processVersion").asText()).isEqualTo("CSPR-WT2018");
        assertThat(start.get("caseType").asText()).isEqualTo("SERIOUS_INCIDENT");
        assertThat(start.get("actionPlanReviewInterval").asText()).isEqualTo("P3M");
        assertThat(start.get("dueR1a").asText()).isEqualTo("2024-03-05T23:59:59Z");
        // R1 is owed only once the partners find the notification criteria met
        assertThat(start).doesNotContainKey("dueR1");
        assertThat(harness.deadline(sin, "R1")).isEmpty();
        assertThat(threshold.getDueDate().toInstant()).isEqualTo(Instant.parse("2024-03-05T23:59:59Z"));
        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 OPEN -");

        // R1a: partners' threshold decision, through the tasklist
        harness.completeAsCaseworker(sin, "Threshold", threshold(true, true, false, true, false));
        UserTask submit = harness.awaitUserTask(sin, "SubmitSin");
        assertThat(submit.getCandidateGroups()).containsExactly("review-business-unit");
        assertThat(submit.getDueDate().toInstant()).isEqualTo(Instant.parse("2024-03-11T23:59:59Z"));
        assertThat(harness.variable(sin, "dueR1").asText()).isEqualTo("2024-03-11T23:59:59Z");
        assertThat(harness.variable(sin, "sinCriteriaMet").asBoolean()).isTrue();
        assertThat(harness.variable(sin, "lookedAfterChildDied").asBoolean()).isFalse();

        // R1: notification submitted, partners told; the rapid review asks each agency for a summary
        harness.completeAsCaseworker(sin, "SubmitSin", sinSubmitted("2024-03-04", List.of("health", "education")));
        steps.await(sin, "RequestSummary", 2);
        harness.awaitElementActive(sin, "ReceiveSummary");
        harness.awaitQuiet(sin);
        assertThat(harness.variable(sin, "dueR2").asText()).isEqualTo("2024-03-25T23:59:59Z");
        assertThat(steps.agencyRequests(sin)).containsExactly("rr-agency-summary education REQUESTED",
                "rr-agency-summary health REQUESTED");
        assertThat(harness.openUserTasks(sin, "RrMeeting")).isEmpty();
        steps.summaryReturned(sin, "health", false);
        steps.summaryReturned(sin, "education", true);   // an agency that cannot answer: DECLINED stops the wait

        UserTask meeting = harness.awaitUserTask(sin, "RrMeeting");
        assertThat(meeting.getDueDate().toInstant()).isEqualTo(Instant.parse("2024-03-25T23:59:59Z"));
        harness.completeAsCaseworker(sin, "RrMeeting", rapidReview("LCSPR"));
        harness.awaitUserTask(sin, "PanelResponse");
        harness.awaitQuiet(sin);
        assertThat(harness.variable(sin, "agencySummariesReturned")).isNotNull();
        JsonNode rr = steps.noticeDetail(sin, "rapid-review");
        assertThat(rr.path("rrRecommendation").asText()).isEqualTo("LCSPR");
        assertThat(rr.path("sinCriteriaMet").asBoolean()).isTrue();
        assertThat(rr.path("sinSubmittedOn").asText()).isEqualTo("2024-03-04");
        String firstR2b = harness.variable(sin, "dueR2b").asText();
        assertThat(firstR2b).isEqualTo("2024-03-14T23:59:59Z");

        // the Panel asks for more (two days later); the business unit answers the next day; R2b starts again
        harness.advanceClock(Duration.ofDays(2));
        harness.completeAsCaseworker(sin, "PanelResponse", panelResponse("QUERY", "2024-03-06"));
        harness.awaitUserTask(sin, "PanelQuery");
        harness.advanceClock(Duration.ofDays(1));
        harness.completeUserTask(sin, "PanelQuery", Map.of("informationSent", true, "sentOn", "2024-03-07"));
        UserTask reply = harness.awaitUserTask(sin, "PanelResponse");
        harness.awaitQuiet(sin);
        assertThat(harness.variable(sin, "panelQueryAnswered").asBoolean()).isTrue();
        assertThat(harness.variable(sin, "dueR2b").asText()).isEqualTo("2024-03-17T23:59:59Z");
        assertThat(reply.getDueDate().toInstant()).isEqualTo(Instant.parse("2024-03-17T23:59:59Z"));
        harness.completeAsCaseworker(sin, "PanelResponse", panelResponse("AGREE_LOCAL", harness.today()));

        // reg 11: the partners commission a local review; R3 runs from the decision
        harness.completeAsCaseworker(sin, "LcsprDecision", lcsprDecision("COMMISSION_LCSPR"));
        harness.awaitUserTask(sin, "AppointReviewer");
        harness.awaitQuiet(sin);
        assertThat(harness.variable(sin, "reg11Criteria").toString())
                .isEqualTo("{\"improvementsNeeded\":true,\"recurrentThemes\":false,\"multiAgencyConcern\":true,\"panelSuggestedLocal\":false}");
        String dueR3 = harness.variable(sin, "dueR3").asText();
        assertThat(dueR3).startsWith("2024-09-");
        harness.completeUserTask(sin, "AppointReviewer", Map.of("reviewerAppointed", true, "methodology", "SYSTEMS",
                "practitionersAndFamilyInvolved", true));
        harness.completeUserTask(sin, "MonitorReview", Map.of("finalReportReceived", true, "informationRequested", false,
                "progressCheckedOn", "2024-03-07"));
        harness.completeAsCaseworker(sin, "PartnersResponse", Map.of("findingsAccepted", true, "actionPlanAgreed", true,
                "record", Map.of("rationale", RATIONALE)));
        harness.completeAsCaseworker(sin, "CsprPublication", publication("PUBLISH", "2024-06-28"));

        // R4: the advance copy is due 7 working days before the planned publication
        UserTask advance = harness.awaitUserTask(sin, "AdvanceCopy");
        harness.awaitQuiet(sin);
        String dueR4 = harness.variable(sin, "dueR4").asText();
        assertThat(advance.getDueDate().toInstant()).isEqualTo(java.time.OffsetDateTime.parse(dueR4).toInstant());
        assertThat(java.time.OffsetDateTime.parse(dueR4).toInstant()).isBetween(Instant.parse("2024-06-17T00:00:00Z"), Instant.parse("2024-06-20T00:00:00Z"));
        harness.completeAsCaseworker(sin, "AdvanceCopy", Map.of("advanceCopySent", true, "sentOn", harness.today()));

        // publication day; the publishing task shows R3, whose clock publication stops
        UserTask publish = harness.awaitUserTask(sin, "PublishLcspr");
        assertThat(publish.getDueDate().toInstant()).isEqualTo(java.time.OffsetDateTime.parse(dueR3).toInstant());
        harness.advanceClockTo(Instant.parse("2024-06-28T09:00:00Z"));
        harness.completeAsCaseworker(sin, "PublishLcspr", Map.of("publishedOn", "2024-06-28", "publishedWithResponse", true));
        harness.completeUserTask(sin, "ActionReview", actionReview(false, "AMBER"));

        // actions open: the next monitoring date comes round after actionPlanReviewInterval (P3M)
        harness.awaitElementActive(sin, "NextReview");
        assertThat(harness.openUserTasks(sin, "ActionReview")).isEmpty();
        harness.advanceClock(Duration.ofDays(93));
        harness.completeUserTask(sin, "ActionReview", actionReview(true, "GREEN"));
        harness.awaitProcessCompleted(sin);

        List<String> passed = harness.completedElements(sin);
        assertThat(passed).containsSubsequence("Start_Referred", "Gw_Start_Merge", "OpenCase", "ComputeDeadlines",
                "Threshold", "Split_Notify", "SubmitSin", "TellPartners", "Join_Notify", "Gw_SinSubmitted", "ComputeR2",
                "Sub_RapidReview", "Sub_AgencySummaries", "RrMeeting", "SendRr", "End_Rr", "ComputeR2b", "PanelResponse", "Gw_PanelResponse", "PanelQuery",
                "ComputeR2b", "PanelResponse", "Gw_PanelResponse", "LcsprDecision", "Gw_Lcspr", "ComputeR3",
                "Sub_Lcspr", "AppointReviewer", "MonitorReview", "PartnersResponse", "CsprPublication", "ComputeR4", "AdvanceCopy",
                "PublishLcspr", "ComputeR5", "End_Lcspr", "Gw_Monitor_Merge", "ActionReview", "Gw_Actions", "NextReview",
                "Gw_Monitor_Merge", "ActionReview", "Gw_Actions", "CloseRecord", "End_Closed");
        assertThat(passed.stream().filter("RequestSummary"::equals)).hasSize(2);
        assertThat(passed.stream().filter("ReceiveSummary"::equals)).hasSize(2);
        assertThat(passed).doesNotContain("NotifyLacDeath", "CloseNoSin", "CloseWithdrawn", "CloseNoReview",
                "OtherLearning", "NationalReview");
        assertThat(passed).noneMatch(e -> e.startsWith("Emit_") || e.startsWith("EscalationDone_"));

        Map<String, JsonNode> end = harness.variables(sin);
        assertThat(end.get("rrRecommendation").asText()).isEqualTo("LCSPR");
        assertThat(end.get("panelResponse").asText()).isEqualTo("AGREE_LOCAL");
        assertThat(end.get("lcsprDecision").asText()).isEqualTo("COMMISSION_LCSPR");
        assertThat(end.get("publicationDecision").asText()).isEqualTo("PUBLISH");
        assertThat(end.get("publishedOn").asText()).isEqualTo("2024-06-28");
        assertThat(end.get("dueR5").asText()).startsWith("2025-06-2");
        assertThat(end.get("allActionsComplete").asBoolean()).isTrue();
        steps.assertNoFreeTextInEngine(sin);

        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 CLOSED -");
        assertThat(steps.decisions(sin)).containsExactly(
                "cspr-sin-threshold some-criteria-met SAFEGUARDING_PARTNERS",
                "cspr-rapid-review LCSPR SAFEGUARDING_PARTNERS",
                "cspr-lcspr-decision COMMISSION_LCSPR SAFEGUARDING_PARTNERS",
                "cspr-publication-decision PUBLISH SAFEGUARDING_PARTNERS");
        assertThat(harness.jdbc().sql("SELECT count(*) FROM case_decision WHERE case_id = :id AND rationale = :r")
                .param("id", sin.caseId().value()).param("r", RATIONALE).query(Integer.class).single()).isEqualTo(4);
        assertThat(steps.notices(sin)).containsExactly(
                "NOTIFICATION sin-submitted safeguarding-partners QUEUED",
                "PANEL_NOTICE rapid-review panel QUEUED");
        // every deadline met on its task, R3 by the publication (docs/processes.md §1.3 item 4)
        assertThat(steps.deadlines(sin)).containsExactlyInAnyOrder("R1a MET", "R1 MET", "R2b MET", "R2b MET", "R2 MET",
                "R4 MET", "R3 MET");
        assertThat(harness.events(sin, "deadline.breached")).isEmpty();
        assertThat(harness.events(sin, "decision.recorded")).hasSize(4);
        assertThat(harness.events(sin, "closed")).hasSize(1);
        assertThat(harness.incidents(sin)).isEmpty();
        harness.assertEventsPseudonymised(sin);
    }

    @Test
    void criteriaNotMetClosesTheCaseAsNotificationNotRequired() {
        PracticeReviewSteps steps = steps();
        ProcessCase sin = harness.startCase(sinReferral("2024-03-01", "2024-03-04"));

        // abuse suspected, but the child neither died nor was seriously harmed: no notification
        harness.completeAsCaseworker(sin, "Threshold", threshold(true, false, false, true, false));
        harness.awaitProcessCompleted(sin);

        assertThat(harness.completedElements(sin)).containsSubsequence("Start_Referred", "OpenCase", "ComputeDeadlines",
                "Threshold", "Split_Notify", "Join_Notify", "Gw_SinSubmitted", "CloseNoSin", "End_NoSin");
        assertThat(harness.completedElements(sin)).doesNotContain("SubmitSin", "NotifyLacDeath", "TellPartners", "ComputeR2");
        assertThat(harness.variable(sin, "sinCriteriaMet").asBoolean()).isFalse();
        assertThat(harness.variable(sin, "sinCriteria").path("childDied").asBoolean()).isFalse();
        assertThat(harness.variable(sin, "sinCriteria").path("abuseOrNeglectKnownOrSuspected").asBoolean()).isTrue();
        steps.assertNoFreeTextInEngine(sin);
        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 CLOSED sin-not-required");
        assertThat(steps.decisions(sin)).containsExactly("cspr-sin-threshold some-criteria-met SAFEGUARDING_PARTNERS");
        assertThat(harness.events(sin, "decision.recorded")).singleElement().satisfies(e -> {
            assertThat(e.data().path("criteria").path("childDied").asBoolean(true)).isFalse();
            assertThat(e.data().toString()).doesNotContain(RATIONALE);
        });
        assertThat(steps.notices(sin)).isEmpty();
        assertThat(harness.deadline(sin, "R1a")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));
        assertThat(harness.events(sin, "closed")).hasSize(1);
        harness.assertEventsPseudonymised(sin);
    }

    @Test
    void aLookedAfterChildsDeathWithoutAbuseIsNotifiedToTheSecretaryOfStateAndNeedsNoNotification() {
        PracticeReviewSteps steps = steps();
        ProcessCase sin = harness.startCase(sinReferral("2024-03-01", "2024-03-04"));

        harness.completeAsCaseworker(sin, "Threshold", threshold(false, true, false, true, true));
        harness.awaitProcessCompleted(sin);

        assertThat(harness.completedElements(sin)).containsSubsequence("Threshold", "Split_Notify", "NotifyLacDeath",
                "Join_Notify", "Gw_SinSubmitted", "CloseNoSin", "End_NoSin");
        assertThat(harness.completedElements(sin)).doesNotContain("SubmitSin", "ComputeR2");
        assertThat(harness.variable(sin, "lookedAfterChildDied").asBoolean()).isTrue();
        assertThat(harness.variable(sin, "sinCriteriaMet").asBoolean()).isFalse();
        assertThat(steps.notices(sin)).containsExactly("PANEL_NOTICE lac-death secretary-of-state,ofsted QUEUED");
        JsonNode detail = steps.noticeDetail(sin, "lac-death");
        assertThat(detail.path("lookedAfterChildDied").asBoolean()).isTrue();
        assertThat(detail.path("sinCriteriaMet").asBoolean(true)).isFalse();
        assertThat(harness.events(sin, "notice.sent")).hasSize(1);
        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 CLOSED sin-not-required");
        assertThat(steps.decisions(sin)).containsExactly("cspr-sin-threshold some-criteria-met SAFEGUARDING_PARTNERS");
        harness.assertEventsPseudonymised(sin);
    }

    @Test
    void aWithdrawnNotificationStopsTheRapidReviewAndClosesTheCase() {
        PracticeReviewSteps steps = steps();
        ProcessCase sin = harness.startCase(sinReferral("2024-03-01", "2024-03-04"));

        // a looked-after child died with neglect suspected: both the SIN and the SoS/Ofsted notice
        harness.completeAsCaseworker(sin, "Threshold", threshold(true, true, false, true, true));
        harness.awaitElementCompleted(sin, "NotifyLacDeath");
        harness.awaitUserTask(sin, "SubmitSin");
        assertThat(harness.hasCompleted(sin, "Join_Notify")).as("the inclusive join waits for the SIN").isFalse();
        harness.completeAsCaseworker(sin, "SubmitSin", sinSubmitted(harness.today(), List.of("police")));
        harness.awaitElementCompleted(sin, "RequestSummary");
        steps.summaryReturned(sin, "police", false);
        UserTask meeting = harness.awaitUserTask(sin, "RrMeeting");
        // the tasklist has the meeting task
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> harness.jdbc()
                .sql("SELECT count(*) FROM case_task WHERE task_key = :k").param("k", meeting.getUserTaskKey())
                .query(Integer.class).single() == 1);

        // the partners find the criteria were not met after all (DOMAIN §3.8 note)
        harness.publishMessage("review.sin-withdrawn", sin.caseId().toString(), Map.of());
        harness.awaitProcessCompleted(sin);

        List<String> passed = harness.completedElements(sin);
        assertThat(passed.stream().filter("Join_Notify"::equals)).hasSize(1);
        assertThat(passed).containsSubsequence("Split_Notify", "SubmitSin", "TellPartners", "Join_Notify",
                "Gw_SinSubmitted", "ComputeR2", "RequestSummary", "ReceiveSummary", "SinWithdrawn",
                "CloseWithdrawn", "End_Withdrawn");
        assertThat(passed).contains("NotifyLacDeath").doesNotContain("RrMeeting", "SendRr", "ComputeR2b", "CloseNoSin");
        // the interrupting boundary ends the rapid review and the meeting in it
        for (String interrupted : List.of("Sub_RapidReview", "RrMeeting")) {
            assertThat(harness.elements(sin)).anySatisfy(e -> {
                assertThat(e.getElementId()).isEqualTo(interrupted);
                assertThat(e.getState().name()).isEqualTo("TERMINATED");
            });
        }
        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 CLOSED sin-withdrawn");
        assertThat(steps.notices(sin)).containsExactlyInAnyOrder("PANEL_NOTICE lac-death secretary-of-state,ofsted QUEUED",
                "NOTIFICATION sin-submitted safeguarding-partners QUEUED");
        assertThat(steps.agencyRequests(sin)).containsExactly("rr-agency-summary police REQUESTED");
        assertThat(steps.decisions(sin)).containsExactly("cspr-sin-threshold some-criteria-met SAFEGUARDING_PARTNERS");
        // the tasklist sees the meeting task end without a completion
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> harness.jdbc()
                .sql("SELECT status FROM case_task WHERE task_key = :k").param("k", meeting.getUserTaskKey())
                .query(String.class).single().equals("CANCELED"));
        harness.awaitEvent(sin, "task.canceled", d -> true);
        assertThat(harness.events(sin, "deadline.breached")).isEmpty();
        assertThat(harness.incidents(sin)).isEmpty();
        harness.assertEventsPseudonymised(sin);
    }

    @Test
    void aNationalReviewByThePanelGoesStraightToActionMonitoring() {
        PracticeReviewSteps steps = steps();
        ProcessCase sin = harness.startCase(sinReferral("2024-03-01", "2024-03-04"));
        steps.throughNotification(sin, "2024-03-04", List.of("police"));
        steps.throughRapidReview(sin, List.of("police"), "NATIONAL_REVIEW_SUGGESTED");

        harness.completeUserTask(sin, "PanelResponse", panelResponse("NATIONAL_REVIEW", "2024-03-08"));
        UserTask national = harness.awaitUserTask(sin, "NationalReview");
        assertThat(national.getCandidateGroups()).containsExactly("review-business-unit");
        harness.completeAsCaseworker(sin, "NationalReview", Map.of("nationalReviewStatus", "PUBLISHED",
                "publishedOn", harness.today()));
        harness.completeAsCaseworker(sin, "ActionReview", actionReview(true, "GREEN"));
        harness.awaitProcessCompleted(sin);

        assertThat(harness.completedElements(sin)).containsSubsequence("SendRr", "ComputeR2b", "PanelResponse",
                "Gw_PanelResponse", "NationalReview", "Gw_Alt_Merge", "Gw_Monitor_Merge", "ActionReview", "Gw_Actions",
                "CloseRecord", "End_Closed");
        assertThat(harness.completedElements(sin)).doesNotContain("LcsprDecision", "PanelQuery", "OtherLearning",
                "ComputeR3");
        assertThat(harness.variable(sin, "nationalReviewPublished").asBoolean()).isTrue();
        assertThat(harness.variable(sin, "publishedOn").isMissingNode()).as("only the mapped flag leaves the task").isTrue();
        assertThat(steps.noticeDetail(sin, "rapid-review").path("rrRecommendation").asText())
                .isEqualTo("NATIONAL_REVIEW_SUGGESTED");
        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 CLOSED -");
        assertThat(steps.agencyRequests(sin)).containsExactly("rr-agency-summary police REQUESTED");
        harness.assertEventsPseudonymised(sin);
    }

    @Test
    void otherLocalLearningGoesToActionMonitoring() {
        PracticeReviewSteps steps = steps();
        ProcessCase sin = harness.startCase(sinReferral("2024-03-01", "2024-03-04"));
        steps.throughNotification(sin, "2024-03-04", List.of("health"));
        steps.throughRapidReview(sin, List.of("health"), "OTHER_LEARNING");
        harness.completeUserTask(sin, "PanelResponse", panelResponse("AGREE_NO_REVIEW", "2024-03-08"));

        harness.completeAsCaseworker(sin, "LcsprDecision", lcsprDecision("OTHER_LEARNING"));
        UserTask other = harness.awaitUserTask(sin, "OtherLearning");
        assertThat(other.getCandidateGroups()).containsExactly("safeguarding-partners");
        harness.completeAsCaseworker(sin, "OtherLearning", Map.of("learningType", "AUDIT"));
        harness.completeUserTask(sin, "ActionReview", actionReview(true, "GREEN"));
        harness.awaitProcessCompleted(sin);

        assertThat(harness.completedElements(sin)).containsSubsequence("PanelResponse", "Gw_PanelResponse",
                "LcsprDecision", "Gw_Lcspr", "OtherLearning", "Gw_Alt_Merge", "Gw_Monitor_Merge", "ActionReview",
                "Gw_Actions", "CloseRecord", "End_Closed");
        assertThat(harness.completedElements(sin)).doesNotContain("ComputeR3", "CloseNoReview", "NationalReview");
        assertThat(harness.variable(sin, "otherLearningType").asText()).isEqualTo("AUDIT");
        assertThat(harness.variable(sin, "lcsprDecision").asText()).isEqualTo("OTHER_LEARNING");
        assertThat(steps.decisions(sin)).containsExactly("cspr-lcspr-decision OTHER_LEARNING SAFEGUARDING_PARTNERS");
        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 CLOSED -");
        steps.assertNoFreeTextInEngine(sin);
        harness.assertEventsPseudonymised(sin);
    }

    @Test
    void aReviewRaisedByAChildDeathRunsItsPathWithItsOwnCaseAndTheDeathAsSource() {
        PracticeReviewSteps steps = steps();
        // the child death review raises the serious incident after the JAR (as in ChildDeathProcessTest)
        harness.setClock(Instant.parse("2024-02-11T09:00:00Z"));
        ProcessCase death = harness.startCase(org.opensafeguarding.workflow.intake.ReferralKind.CHILD_DEATH_NOTIFICATION);
        Map<String, Object> determination = new java.util.HashMap<>();
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
        ProcessCase sin = harness.awaitCase(org.opensafeguarding.workflow.casefile.CaseId.parse(
                harness.variable(death, "linkedCaseId").asText()));

        // the review runs on its own case: threshold through the tasklist (the task is found by the caseId variable)
        harness.completeAsCaseworker(sin, "Threshold", threshold(true, true, false, true, false));
        harness.completeUserTask(sin, "SubmitSin", sinSubmitted("2024-02-12", List.of("health")));
        harness.awaitElementCompleted(sin, "RequestSummary");
        steps.throughRapidReview(sin, List.of("health"), "NO_LCSPR");
        harness.completeUserTask(sin, "PanelResponse", panelResponse("AGREE_NO_REVIEW", "2024-02-20"));
        harness.completeAsCaseworker(sin, "LcsprDecision", lcsprDecision("NO_REVIEW"));
        harness.awaitProcessCompleted(sin);

        assertThat(sin.processId()).isEqualTo(ProcessIds.PRACTICE_REVIEW);
        List<String> passed = harness.completedElements(sin);
        assertThat(passed).containsSubsequence("Start_FromCdr", "Gw_Start_Merge", "OpenCase", "ComputeDeadlines",
                "Threshold", "Split_Notify", "SubmitSin", "TellPartners", "Join_Notify", "Gw_SinSubmitted", "ComputeR2",
                "Sub_RapidReview", "RrMeeting", "SendRr", "ComputeR2b", "PanelResponse", "Gw_PanelResponse",
                "LcsprDecision", "Gw_Lcspr", "CloseNoReview", "End_NoReview");
        assertThat(passed).doesNotContain("Start_Referred", "ComputeR3", "OtherLearning");
        Map<String, JsonNode> variables = harness.variables(sin);
        assertThat(variables.get("caseId").asText()).isEqualTo(sin.caseId().toString());
        assertThat(variables.get("sourceCaseId").asText()).isEqualTo(death.caseId().toString());
        assertThat(variables.get("caseType").asText()).isEqualTo("SERIOUS_INCIDENT");
        assertThat(variables.get("lcsprDecision").asText()).isEqualTo("NO_REVIEW");
        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 CLOSED no-lcspr");
        assertThat(steps.caseFile(death)).startsWith("child-death-review-cdr2018 CDR-2018 OPEN");
        assertThat(harness.jdbc().sql("SELECT process_instance_key FROM case_file WHERE id = :id")
                .param("id", sin.caseId().value()).query(Long.class).single()).isEqualTo(sin.processInstanceKey());
        assertThat(steps.decisions(sin)).containsExactly("cspr-sin-threshold some-criteria-met SAFEGUARDING_PARTNERS",
                "cspr-lcspr-decision NO_REVIEW SAFEGUARDING_PARTNERS");
        assertThat(steps.decisions(death)).isEmpty();
        assertThat(steps.notices(sin)).containsExactly("NOTIFICATION sin-submitted safeguarding-partners QUEUED",
                "PANEL_NOTICE rapid-review panel QUEUED");
        assertThat(harness.events(sin, "opened")).singleElement()
                .satisfies(e -> assertThat(e.data().path("channel").asText()).isEqualTo("PROCESS"));
        assertThat(harness.incidents(sin)).isEmpty();
        harness.assertEventsPseudonymised(sin);
        harness.assertEventsPseudonymised(death);
    }

    @Test
    void bothRegimesSideBySideEachCasePinnedToItsProcessAndVersionForLife() {
        PracticeReviewSteps steps = steps();
        // Fri 27 Sep 2019, two days before the (default) transition date 29 Sep 2019
        harness.setClock(Instant.parse("2019-09-27T09:00:00Z"));
        ProcessCase scrBefore = harness.startCase(org.opensafeguarding.workflow.intake.ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL,
                d -> ((com.fasterxml.jackson.databind.node.ObjectNode) d.get("incident")).put("date", "2019-09-20"));
        // a notification of an incident before the SIN duty (29 Jun 2018) was a 2013 notifiable incident
        ProcessCase sinBeforeDuty = harness.startCase(sinReferral("2018-06-01", "2018-06-02"));
        // after the SIN duty but before the transition: the notification duty applies (DOMAIN §0)
        ProcessCase sinAfterDuty = harness.startCase(sinReferral("2019-09-25", "2019-09-26"));
        harness.awaitUserTask(sinAfterDuty, "Threshold");

        harness.advanceClockTo(Instant.parse("2019-10-01T09:00:00Z"));
        ProcessCase scrAfter = harness.startCase(org.opensafeguarding.workflow.intake.ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL,
                d -> ((com.fasterxml.jackson.databind.node.ObjectNode) d.get("incident")).put("date", "2019-09-30"));
        harness.awaitUserTask(scrAfter, "Threshold");

        assertThat(scrBefore.processId()).isEqualTo(ProcessIds.SCR_REFERRAL);
        assertThat(sinBeforeDuty.processId()).isEqualTo(ProcessIds.SCR_REFERRAL);
        assertThat(sinAfterDuty.processId()).isEqualTo(ProcessIds.PRACTICE_REVIEW);
        assertThat(scrAfter.processId()).isEqualTo(ProcessIds.PRACTICE_REVIEW);
        for (ProcessCase c : List.of(scrBefore, sinBeforeDuty, sinAfterDuty, scrAfter)) {
            harness.awaitElementCompleted(c, "OpenCase");
            harness.awaitQuiet(c);
            assertThat(harness.incidents(c)).isEmpty();
        }
        assertThat(steps.caseFile(scrBefore)).isEqualTo("scr-referral-wt2013 SCR-WT2013 OPEN -");
        assertThat(steps.caseFile(sinBeforeDuty)).isEqualTo("scr-referral-wt2013 SCR-WT2013 OPEN -");
        assertThat(steps.caseFile(sinAfterDuty)).isEqualTo("practice-review-wt2018 CSPR-WT2018 OPEN -");
        assertThat(steps.caseFile(scrAfter)).isEqualTo("practice-review-wt2018 CSPR-WT2018 OPEN -");
        assertThat(harness.variable(scrBefore, "processVersion").asText()).isEqualTo("SCR-WT2013");
        assertThat(harness.variable(scrAfter, "processVersion").asText()).isEqualTo("CSPR-WT2018");
        assertThat(harness.variable(scrAfter, "caseType").asText()).isEqualTo("SERIOUS_CASE_REVIEW");
        assertThat(harness.completedElements(scrAfter)).contains("Start_Referred", "OpenCase", "ComputeDeadlines");

        // after the transition the 2013 case stays 2013: a further referral goes to its own process, and its
        // version and instance do not change
        long instanceBefore = scrBefore.processInstanceKey();
        com.fasterxml.jackson.databind.node.ObjectNode further = org.opensafeguarding.workflow.support.TestReferrals.valid(
                org.opensafeguarding.workflow.intake.ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        further.put("subject", scrBefore.caseId().toString());
        ProcessCase again = harness.startCase(further);
        assertThat(again.caseId()).isEqualTo(scrBefore.caseId());
        assertThat(again.processInstanceKey()).isEqualTo(instanceBefore);
        harness.awaitUserTask(scrBefore, "ReviewFurtherReferral");
        harness.completeUserTask(scrAfter, "Threshold", threshold(true, false, true, true, false));
        harness.awaitUserTask(scrAfter, "SubmitSin");
        assertThat(steps.caseFile(scrBefore)).isEqualTo("scr-referral-wt2013 SCR-WT2013 OPEN -");
        assertThat(steps.caseFile(scrAfter)).isEqualTo("practice-review-wt2018 CSPR-WT2018 OPEN -");
        assertThat(harness.variable(scrBefore, "processVersion").asText()).isEqualTo("SCR-WT2013");
        assertThat(harness.variable(scrAfter, "processVersion").asText()).isEqualTo("CSPR-WT2018");
        for (ProcessCase c : List.of(scrBefore, sinBeforeDuty, sinAfterDuty, scrAfter)) {
            harness.assertEventsPseudonymised(c);
        }
    }

    @Test
    void aFurtherReferralNamingTheOpenCaseGivesTheBusinessUnitATaskAndTheCaseCarriesOn() {
        PracticeReviewSteps steps = steps();
        ProcessCase sin = harness.startCase(sinReferral("2024-03-01", "2024-03-04"));
        harness.awaitUserTask(sin, "Threshold");

        com.fasterxml.jackson.databind.node.ObjectNode further = sinReferral("2024-03-01", "2024-03-04");
        further.put("subject", sin.caseId().toString());
        ProcessCase second = harness.startCase(further);
        assertThat(second.caseId()).isEqualTo(sin.caseId());

        UserTask review = harness.awaitUserTask(sin, "ReviewFurtherReferral");
        assertThat(review.getCandidateGroups()).containsExactly("review-business-unit");
        harness.completeAsCaseworker(sin, "ReviewFurtherReferral", Map.of("furtherReferralAction", "PLAN_CHANGED",
                "record", Map.of("furtherReferralNotes", "Second notification from the hospital; sibling named")));

        harness.awaitElementCompleted(sin, "End_FurtherReferral");
        assertThat(harness.completedElements(sin)).contains("Start_FurtherReferral", "ReviewFurtherReferral",
                "End_FurtherReferral");
        assertThat(harness.variable(sin, "lastFurtherReferralAction").asText()).isEqualTo("PLAN_CHANGED");
        assertThat(harness.variables(sin).values()).noneMatch(v -> v.toString().contains("sibling named"));
        // the case carries on where it was
        assertThat(harness.openUserTasks(sin, "Threshold")).hasSize(1);
        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 OPEN -");
        assertThat(harness.jdbc().sql("SELECT count(*) FROM referral WHERE case_id = :id").param("id", sin.caseId().value())
                .query(Integer.class).single()).isEqualTo(2);
        assertThat(harness.jdbc().sql("SELECT field FROM case_note WHERE case_id = :id").param("id", sin.caseId().value())
                .query(String.class).list()).containsExactly("record.furtherReferralNotes");
        assertThat(harness.events(sin, "opened")).hasSize(1);
        harness.assertEventsPseudonymised(sin);
        harness.assertEventsPseudonymised(second);
    }

    @Test
    void aPlannedPublicationDateThatIsNotADateIsAnIncidentAndTheCaseRecoversOnceCorrected() {
        PracticeReviewSteps steps = steps();
        ProcessCase sin = harness.startCase(sinReferral("2024-03-01", "2024-03-04"));
        steps.throughNotification(sin, "2024-03-04", List.of("health"));
        steps.throughRapidReview(sin, List.of("health"), "LCSPR");
        steps.throughLcsprDecision(sin, "AGREE_LOCAL", "COMMISSION_LCSPR");
        harness.completeUserTask(sin, "AppointReviewer", Map.of("methodology", "SYSTEMS"));
        harness.completeUserTask(sin, "MonitorReview", Map.of("finalReportReceived", true, "progressCheckedOn", "2024-03-05"));
        harness.completeUserTask(sin, "PartnersResponse", Map.of("findingsAccepted", true, "actionPlanAgreed", true));
        // straight to the engine, past the tasklist's date check: not a date
        harness.completeUserTask(sin, "CsprPublication", Map.of("publicationDecision", "PUBLISH",
                "plannedPublicationOn", "end of June", "decisionMakerRole", PARTNERS));

        io.camunda.client.api.search.response.Incident incident = harness.awaitIncident(sin, "ComputeR4");
        assertThat(incident.getErrorType()).isEqualTo(io.camunda.client.api.search.enums.IncidentErrorType.JOB_NO_RETRIES);
        assertThat(incident.getErrorMessage()).startsWith("deadline.compute at ComputeR4:").contains("plannedPublicationOn");
        assertThat(harness.openUserTasks(sin)).isEmpty();
        assertThat(harness.deadline(sin, "R4")).isEmpty();

        harness.setVariables(incident.getElementInstanceKey(), Map.of("plannedPublicationOn", "2024-06-28"));
        harness.resolveIncident(incident);

        UserTask advance = harness.awaitUserTask(sin, "AdvanceCopy");
        harness.awaitQuiet(sin);
        assertThat(harness.incidents(sin)).isEmpty();
        assertThat(harness.completedElements(sin)).containsSubsequence("CsprPublication", "ComputeR4");
        assertThat(harness.deadline(sin, "R4")).hasValueSatisfying(d -> {
            assertThat(d.status()).isEqualTo("OPEN");
            assertThat(d.dueAt()).isEqualTo(advance.getDueDate().toInstant());
        });
        assertThat(java.time.OffsetDateTime.parse(harness.variable(sin, "dueR4").asText()).toInstant())
                .isEqualTo(advance.getDueDate().toInstant());
        assertThat(steps.caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 OPEN -");
        harness.assertEventsPseudonymised(sin);
    }
}
