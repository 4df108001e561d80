package org.opensafeguarding.workflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.intake.Channel;
import org.opensafeguarding.workflow.intake.ReferralIntake;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.CaseEvent;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.opensafeguarding.workflow.processes.support.ScrSteps;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.chairDecision;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.criteriaMet;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.criteriaNotMet;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.escalation;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.panelAdvice;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.publication;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.subgroupRecommendation;

/**
 * Serious case review referral, regime SCR-WT2013 ({@code bpmn/scr-referral.bpmn}, process {@code scr-referral-wt2013}),
 * one test per path through the real intake, workers, tasklist and local engine. The timers that only escalate
 * (T1, T2, T3, T5, IMR) are in {@link ScrDeadlinesTest}.
 *
 * <p>Coverage of the model (gateways, branches, timers, messages from the BPMN XML; "D:" = {@link ScrDeadlinesTest}):
 * <table>
 *   <tr><th>Element / branch</th><th>Test</th></tr>
 *   <tr><td>{@code Gw_Notifiable} Yes ({@code notifiableIncident}) → {@code ConfirmNotified}</td><td>D: seriousIncidentBefore29June2018...</td></tr>
 *   <tr><td>{@code Gw_Notifiable} No (default, SCR referral)</td><td>initiatedReview...</td></tr>
 *   <tr><td>{@code Sub_AgencyInfo} multi-instance, {@code agency-request.returned} (one DECLINED)</td><td>initiatedReview...</td></tr>
 *   <tr><td>{@code Gw_MustHold} Yes (criteria met, not initiated → back to the chair)</td><td>initiatedReview...</td></tr>
 *   <tr><td>{@code Gw_MustHold} No (default)</td><td>every path</td></tr>
 *   <tr><td>{@code Gw_Decision} SCR initiated</td><td>initiatedReview...</td></tr>
 *   <tr><td>{@code Gw_Decision} not initiated / alternative / NFA (default)</td><td>criteriaNotMet..., alternativeReview..., panelAdvisesAnScr...</td></tr>
 *   <tr><td>{@code Gw_WaitAdvice} → {@code CatchAdvice} ({@code review.panel-advice.received})</td><td>alternativeReview..., panelAdvisesAnScr...</td></tr>
 *   <tr><td>{@code Gw_WaitAdvice} → {@code CatchNoAdvice} (T7 timer)</td><td>criteriaNotMet...</td></tr>
 *   <tr><td>{@code Gw_NowInitiates} Yes → {@code Gw_Initiate_Merge}</td><td>panelAdvisesAnScr...</td></tr>
 *   <tr><td>{@code Gw_NowInitiates} No (default)</td><td>alternativeReview...</td></tr>
 *   <tr><td>{@code Gw_Alternative} Yes → {@code AlternativeReview}</td><td>alternativeReview...</td></tr>
 *   <tr><td>{@code Gw_Alternative} No (default)</td><td>criteriaNotMet...</td></tr>
 *   <tr><td>{@code Sub_Imr} multi-instance, {@code agency-request.returned} (IMR)</td><td>initiatedReview..., panelAdvisesAnScr...</td></tr>
 *   <tr><td>{@code Gw_ImrOk} Yes / No → {@code ReviseImr} (imr-revision)</td><td>initiatedReview...</td></tr>
 *   <tr><td>boundary {@code PanelAdviceDuringReview} ({@code review.panel-advice.received}) → {@code RecordAdviceReview}</td><td>initiatedReview...</td></tr>
 *   <tr><td>{@code Gw_Publication} publish (full or summary) → {@code AdvanceNotice}, {@code Publish}, {@code ComputeT6}</td><td>initiatedReview...</td></tr>
 *   <tr><td>{@code Gw_Publication} delay → {@code CatchProceedings} ({@code review.parallel-proceedings.concluded})</td><td>initiatedReview...</td></tr>
 *   <tr><td>{@code Gw_Publication} not published (default) → {@code NotifyNotPublished}</td><td>panelAdvisesAnScr...</td></tr>
 *   <tr><td>{@code Gw_Actions} No → {@code NextReview} (timer, {@code actionPlanReviewInterval})</td><td>initiatedReview...</td></tr>
 *   <tr><td>{@code Gw_Actions} Yes → {@code CloseRecord}</td><td>initiatedReview..., panelAdvisesAnScr...</td></tr>
 *   <tr><td>{@code Timer_T1_ConfirmNotified} → {@code Emit_T1_ConfirmNotified} → {@code EscalationDone_T1_...}; escalation T1 (review-chair)</td><td>D: seriousIncidentBefore29June2018...</td></tr>
 *   <tr><td>{@code Timer_T2_SubgroupRecommendation} → {@code Emit_T2_...} → {@code EscalationDone_T2_...}; escalation T2 (review-chair)</td><td>D: screeningOverdue...</td></tr>
 *   <tr><td>{@code Timer_T3_Sub_Screening} → {@code Emit_T3_Sub_Screening} → {@code EscalationDone_T3_...}; escalation T3 (review-chair)</td><td>D: screeningOverdue...</td></tr>
 *   <tr><td>{@code Timer_T4_PanelPack} → {@code Emit_T4_PanelPack} → {@code EscalationDone_T4_PanelPack}; escalation T4 (review-chair)</td><td>criteriaNotMet...</td></tr>
 *   <tr><td>{@code Timer_IMR_ReceiveImr} → {@code Emit_IMR_ReceiveImr} → {@code EscalationDone_IMR_...}; escalation IMR (review-business-unit); {@code Sub_Imr} completes with it unanswered</td><td>D: reviewOverdue...</td></tr>
 *   <tr><td>{@code Timer_T5_Sub_Review} → {@code Emit_T5_Sub_Review} → {@code EscalationDone_T5_...}; escalation T5 (review-chair)</td><td>D: reviewOverdue...</td></tr>
 *   <tr><td>escalation tasks: {@code Escalate} of {@code deadline-escalation}, one instance per breach, started by {@code case-event.emit}</td><td>all of the above</td></tr>
 *   <tr><td>event subprocess {@code EventSub_FurtherReferral} ({@code referral-received})</td><td>aFurtherReferral...</td></tr>
 *   <tr><td>worker failure → incident → recovery ({@code CommissionImr})</td><td>anImrDueDate...</td></tr>
 *   <tr><td>regime pinning: SCR referral before the transition date; SIN before / on 29 Jun 2018</td><td>initiatedReview...; D: seriousIncidentBefore29June2018...</td></tr>
 * </table>
 */
class ScrProcessTest extends ProcessTestSupport {

    /** Mon 4 Sep 2017, 10:00 in London: a fortnight after the incident of {@link TestReferrals}' SCR referral. */
    static final Instant RECEIVED = Instant.parse("2017-09-04T09:00:00Z");
    static final List<String> AGENCIES = List.of("health", "childrens-social-care", "police");

    @Autowired
    ReferralIntake intake;

    ScrSteps steps;

    @BeforeEach
    void steps() {
        steps = new ScrSteps(harness);
        harness.setClock(RECEIVED);
    }

    @Test
    void initiatedReviewRunsFromAnScrReferralBeforeTheTransitionDateThroughImrsPublicationAndMonitoringToClosure() {
        ProcessCase scr = harness.startCase(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);

        // the incident (20 Aug 2017) is before the tenant's transition date: pinned to SCR-WT2013 for life
        assertThat(scr.processId()).isEqualTo(ProcessIds.SCR_REFERRAL);
        harness.awaitElementActive(scr, "ReceiveAgencyInfo");
        harness.awaitQuiet(scr);
        assertThat(harness.jdbc().sql("SELECT process_id || ' ' || process_version FROM case_file WHERE id = :id")
                .param("id", scr.caseId().value()).query(String.class).single())
                .isEqualTo("scr-referral-wt2013 SCR-WT2013");
        Map<String, JsonNode> variables = harness.variables(scr);
        assertThat(variables.get("processVersion").asText()).isEqualTo("SCR-WT2013");
        assertThat(variables.get("caseType").asText()).isEqualTo("SERIOUS_CASE_REVIEW");
        assertThat(variables.get("referralReceivedAt").asText()).startsWith("2017-09-04T10:00:0").endsWith("+01:00");
        assertThat(variables.get("agencyIds")).extracting(JsonNode::asText).containsExactlyElementsOf(AGENCIES);
        assertThat(variables.get("actionPlanReviewInterval").asText()).isEqualTo("P3M");
        assertThat(harness.completedElements(scr)).containsSubsequence("Start_Referral", "OpenCase", "ComputeDeadlines",
                "Gw_Notifiable", "Gw_Notifiable_Merge");
        assertThat(harness.hasCompleted(scr, "ConfirmNotified")).as("a referral is not a notifiable incident").isFalse();
        assertThat(harness.elements(scr)).noneMatch(e -> e.getElementId().equals("ConfirmNotified"));
        assertThat(harness.deadlines(scr)).extracting(d -> d.timescaleId() + " " + d.status())
                .as("a referral that is not a notifiable incident owes no T1").containsExactly("T2 OPEN", "T3 OPEN");
        assertThat(harness.deadline(scr, "T3").orElseThrow().dueAt()).isEqualTo(steps.dueAt(scr, "dueT3"));
        assertThat(steps.agencyRequests(scr)).containsExactlyInAnyOrder("scr-agency-information health REQUESTED",
                "scr-agency-information childrens-social-care REQUESTED", "scr-agency-information police REQUESTED");
        for (String sensitive : TestReferrals.sensitiveValues(scr.referral().get("data"))) {
            assertThat(steps.engineValues(scr)).noneMatch(v -> v.contains(sensitive));
        }

        // agency information: two return it, the police decline (intake publishes DECLINED to stop the wait)
        steps.agencyReturns(scr, "scr-agency-information", "health", Map.of());
        steps.agencyReturns(scr, "scr-agency-information", "childrens-social-care", Map.of());
        steps.agencyReturns(scr, "scr-agency-information", "police", Map.of("agencyResponse", "DECLINED"));
        harness.awaitElementCompleted(scr, "Sub_AgencyInfo");
        assertThat(harness.completedElements(scr).stream().filter("ReceiveAgencyInfo"::equals)).hasSize(3);

        // subgroup recommends an SCR; the chair first records the criteria as met but declines: reg 5 sends it back
        UserTask recommendation = harness.awaitUserTask(scr, "SubgroupRecommendation");
        assertThat(recommendation.getCandidateGroups()).containsExactly("review-subgroup");
        harness.completeAsCaseworker(scr, "SubgroupRecommendation", subgroupRecommendation(criteriaMet(), "SCR_INITIATED",
                "Serious harm; missed appointments never escalated."));
        steps.assertDeadline(scr, "T2", "MET");
        UserTask chair = harness.awaitUserTask(scr, "ChairDecision");
        assertThat(chair.getCandidateGroups()).containsExactly("review-chair");
        harness.completeAsCaseworker(scr, "ChairDecision", chairDecision(criteriaMet(),
                "SCR_NOT_INITIATED_CRITERIA_NOT_MET", "First view: a single-agency review would be enough."));
        harness.awaitUserTask(scr, "ChairDecision");
        assertThat(harness.variable(scr, "scrCriteriaMet").asBoolean()).isTrue();
        assertThat(harness.hasCompleted(scr, "End_Screening")).as("reg 5: an SCR must be held").isFalse();
        harness.completeAsCaseworker(scr, "ChairDecision", chairDecision(criteriaMet(), "SCR_INITIATED",
                "Criteria met on the serious-harm limb: an SCR must be held."));

        // initiated: reviewers appointed, panel and Ofsted told
        harness.awaitUserTask(scr, "AppointReviewers");
        harness.awaitQuiet(scr);
        // (element instances are listed as created: a subprocess before what it contains)
        assertThat(harness.completedElements(scr)).containsSubsequence("End_AgencyInfo", "SubgroupRecommendation",
                "ChairDecision", "Gw_MustHold", "ChairDecision", "Gw_MustHold", "End_Screening", "Gw_Decision",
                "Gw_Initiate_Merge", "ComputeT5");
        assertThat(harness.completedElements(scr)).contains("Sub_AgencyInfo", "Sub_Screening");
        assertThat(harness.hasCompleted(scr, "ComputeT4")).isFalse();
        variables = harness.variables(scr);
        assertThat(variables.get("scrDecision").asText()).isEqualTo("SCR_INITIATED");
        assertThat(variables.get("subgroupRecommendation").asText()).isEqualTo("SCR_INITIATED");
        assertThat(variables.get("mandatoryScr").asBoolean()).isFalse();
        assertThat(variables.get("scrCriteria").get("childSeriouslyHarmed").asBoolean()).isTrue();
        steps.assertDeadline(scr, "T5", "OPEN");
        assertThat(steps.decisions(scr)).extracting(ScrSteps.Decision::decisionType, ScrSteps.Decision::outcome,
                        ScrSteps.Decision::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("scr-subgroup-recommendation", "SCR_INITIATED", "SCR_SUBGROUP"),
                        org.assertj.core.groups.Tuple.tuple("scr-chair-decision", "SCR_NOT_INITIATED_CRITERIA_NOT_MET", "LSCB_CHAIR"),
                        org.assertj.core.groups.Tuple.tuple("scr-chair-decision", "SCR_INITIATED", "LSCB_CHAIR"));
        steps.appointReviewersAndAgreeTerms(scr, List.of("health", "police"), "2017-12-01");
        assertThat(steps.notices(scr)).containsExactly("PANEL_NOTICE scr-initiated national-panel,ofsted");
        assertThat(steps.noticeDetail(scr, "scr-initiated").path("scrDecision").asText()).isEqualTo("SCR_INITIATED");
        assertThat(harness.events(scr, "notice.sent")).extracting(e -> e.text("notice")).containsExactly("scr-initiated");
        assertThat(harness.variable(scr, "methodology").asText()).isEqualTo("SYSTEMS");
        assertThat(harness.variable(scr, "parallelProceedings").path("police").asBoolean()).isTrue();

        // IMRs: health's accepted; the police's needs revising once
        harness.awaitQuiet(scr);
        steps.imrArrivesAndIsAccepted(scr, "health");
        steps.agencyReturns(scr, "imr", "police", Map.of());
        harness.completeAsCaseworker(scr, "QaImr", Map.of("imrAssessment", "REVISION_NEEDED",
                "record.qualityNotes", "Chronology stops in March; no analysis of the missed referrals."));
        harness.awaitElementCompleted(scr, "ReviseImr");
        harness.awaitElementActive(scr, "ReceiveImr");
        // the national panel's advice arrives while the review runs (non-interrupting boundary)
        harness.publishMessage(ScrSteps.PANEL_ADVICE, scr.caseId().toString(), Map.of());
        harness.completeAsCaseworker(scr, "RecordAdviceReview", panelAdvice("ADVISES_OTHER", "DISAGREED", false,
                "The board keeps its own reviewer; the panel's concern is noted."));
        steps.agencyReturns(scr, "imr", "police", Map.of());
        harness.completeUserTask(steps.awaitOpenTask(scr, "QaImr"), Map.of("imrAssessment", "ACCEPTED"));
        harness.awaitElementCompleted(scr, "Sub_Imr");
        assertThat(steps.agencyRequests(scr)).filteredOn(r -> r.startsWith("imr")).containsExactlyInAnyOrder(
                "imr health REQUESTED", "imr police REQUESTED", "imr-revision police REQUESTED");
        assertThat(harness.completedElements(scr)).containsSubsequence("CommissionImr", "ReceiveImr", "QaImr",
                "Gw_ImrOk", "ReviseImr", "ReceiveImr", "QaImr", "Gw_ImrOk", "End_Imr");
        assertThat(harness.completedElements(scr)).contains("PanelAdviceDuringReview", "RecordAdviceReview",
                "End_AdviceReview");
        assertThat(harness.variable(scr, "panelAdviceResponse").asText()).isEqualTo("DISAGREED");
        assertThat(harness.jdbc().sql("SELECT body FROM case_note WHERE case_id = :id AND field = 'record.qualityNotes'")
                .param("id", scr.caseId().value()).query(String.class).list())
                .containsExactly("Chronology stops in March; no analysis of the missed referrals.");

        steps.finishReview(scr);
        assertThat(harness.hasCompleted(scr, "End_Review")).isTrue();
        assertThat(harness.completedElements(scr)).doesNotContain("Emit_T5_Sub_Review", "Emit_IMR_ReceiveImr");

        // publication delayed for the criminal trial, then a summary published
        harness.completeAsCaseworker(scr, "PublicationDecision", publication("DELAY_PARALLEL_PROCEEDINGS",
                "Trial listed for the spring; publishing now could prejudice it."));
        harness.awaitElementActive(scr, "CatchProceedings");
        harness.publishMessage(ScrSteps.PROCEEDINGS_CONCLUDED, scr.caseId().toString(), Map.of());
        harness.completeAsCaseworker(scr, "PublicationDecision", publication("PUBLISH_SUMMARY",
                "Trial concluded; a redacted summary protects the siblings."));
        harness.completeUserTask(scr, "Publish", Map.of("publishedOn", "2018-03-05", "publishedWithResponse", true));
        harness.awaitUserTask(scr, "ActionPlanReview");
        harness.awaitQuiet(scr);
        assertThat(harness.completedElements(scr)).containsSubsequence("Gw_Publication_Merge", "PublicationDecision",
                "Gw_Publication", "CatchProceedings", "Gw_Publication_Merge", "PublicationDecision", "Gw_Publication",
                "AdvanceNotice", "Publish", "ComputeT6", "Gw_Publication_Done");
        assertThat(harness.hasCompleted(scr, "NotifyNotPublished")).isFalse();
        assertThat(harness.variable(scr, "publicationDecision").asText()).isEqualTo("PUBLISH_SUMMARY");
        // T6 is a minimum display period: a date for the website team, not a deadline that can be breached
        assertThat(harness.variable(scr, "dueT6").asText()).startsWith("2019-03-05");
        assertThat(harness.deadline(scr, "T6")).isEmpty();
        assertThat(steps.notices(scr)).containsExactly("PANEL_NOTICE scr-initiated national-panel,ofsted",
                "PANEL_NOTICE scr-publication-notice national-panel,ofsted");

        // action plan: amber at the first review, complete at the next one
        harness.completeUserTask(scr, "ActionPlanReview", Map.of("actionPlanRag", "AMBER", "allActionsComplete", false));
        harness.awaitElementActive(scr, "NextReview");
        harness.advanceClock(Duration.ofDays(93));
        harness.completeUserTask(scr, "ActionPlanReview", Map.of("actionPlanRag", "GREEN", "allActionsComplete", true));
        harness.awaitProcessCompleted(scr);
        assertThat(harness.completedElements(scr)).containsSubsequence("Gw_Monitor_Merge", "ActionPlanReview",
                "Gw_Actions", "NextReview", "Gw_Monitor_Merge", "ActionPlanReview", "Gw_Actions", "CloseRecord",
                "End_Closed");
        assertThat(harness.caseStatus(scr)).isEqualTo("CLOSED");
        assertThat(steps.closureReason(scr)).isNull();
        assertThat(harness.events(scr, "closed")).hasSize(1);
        assertThat(harness.events(scr, "deadline.breached")).isEmpty();
        assertThat(harness.events(scr, "decision.recorded")).extracting(e -> e.text("decisionType") + "=" + e.text("outcome"))
                .containsExactly("scr-subgroup-recommendation=SCR_INITIATED",
                        "scr-chair-decision=SCR_NOT_INITIATED_CRITERIA_NOT_MET", "scr-chair-decision=SCR_INITIATED",
                        "scr-panel-advice=DISAGREED", "scr-publication-decision=DELAY_PARALLEL_PROCEEDINGS",
                        "scr-publication-decision=PUBLISH_SUMMARY");
        assertThat(harness.incidents(scr)).isEmpty();
        harness.assertEventsPseudonymised(scr);
    }

    @Test
    void criteriaNotMetIsRecordedWithItsRationaleTheLatePanelPackIsEscalatedAndWithoutAdviceInThePanelCycleTheCaseCloses() {
        ProcessCase scr = harness.startCase(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        steps.agenciesReturnInformation(scr, AGENCIES.toArray(String[]::new));
        harness.completeAsCaseworker(scr, "SubgroupRecommendation", subgroupRecommendation(criteriaNotMet(),
                "SCR_NOT_INITIATED_CRITERIA_NOT_MET", "Agencies worked well together; single-agency learning only."));
        String rationale = "No evidence of concern about how the agencies worked together (Dr Pembridge's report).";
        harness.completeAsCaseworker(scr, "ChairDecision", chairDecision(criteriaNotMet(),
                "SCR_NOT_INITIATED_CRITERIA_NOT_MET", rationale));

        // the decision is in the case record: each criterion, the role, the rationale
        ScrSteps.Decision decision = steps.decisions(scr).get(1);
        assertThat(decision.decisionType()).isEqualTo("scr-chair-decision");
        assertThat(decision.outcome()).isEqualTo("SCR_NOT_INITIATED_CRITERIA_NOT_MET");
        assertThat(decision.role()).isEqualTo("LSCB_CHAIR");
        assertThat(decision.rationale()).isEqualTo(rationale);
        assertThat(decision.criteria().path("abuseOrNeglectKnownOrSuspected").asBoolean()).isTrue();
        assertThat(decision.criteria().path("childSeriouslyHarmed").asBoolean()).isTrue();
        assertThat(decision.criteria().path("concernAboutWorkingTogether").asBoolean()).isFalse();
        assertThat(decision.criteria().path("childDied").asBoolean()).isFalse();
        assertThat(decision.criteria().has("diedInCustody")).isTrue();
        // ... and the rationale nowhere else: not in the engine, not in any event
        UserTask pack = harness.awaitUserTask(scr, "PanelPack");
        harness.awaitQuiet(scr);
        assertThat(pack.getCandidateGroups()).containsExactly("review-business-unit");
        assertThat(pack.getDueDate().toInstant()).isEqualTo(steps.dueAt(scr, "dueT4"));
        assertThat(steps.engineValues(scr)).noneMatch(v -> v.contains("Pembridge"));
        assertThat(harness.events(scr)).noneMatch(e -> e.envelope().toString().contains("Pembridge"));
        assertThat(harness.jdbc().sql("SELECT count(*) FROM task_completion WHERE variables::text LIKE '%Pembridge%'")
                .query(Long.class).single()).isZero();
        CaseEvent recorded = harness.awaitEvent(scr, "decision.recorded",
                d -> "scr-chair-decision".equals(d.path("decisionType").asText()));
        assertThat(recorded.text("outcome")).isEqualTo("SCR_NOT_INITIATED_CRITERIA_NOT_MET");
        assertThat(recorded.text("decisionMakerRole")).isEqualTo("LSCB_CHAIR");
        assertThat(recorded.data().path("criteria").path("concernAboutWorkingTogether").asBoolean(true)).isFalse();
        assertThat(harness.variable(scr, "scrCriteriaMet").asBoolean()).isFalse();
        assertThat(harness.completedElements(scr)).containsSubsequence("ChairDecision", "Gw_MustHold", "End_Screening",
                "Gw_Decision", "ComputeT4");
        assertThat(harness.completedElements(scr)).contains("Sub_Screening");
        assertThat(harness.hasCompleted(scr, "ComputeT5")).isFalse();
        steps.assertDeadline(scr, "T3", "MET");

        // T4: the panel is not told within 14 days; the chair gets the escalation, the pack task stays open
        harness.advanceClockTo(steps.dueAt(scr, "dueT4").plusSeconds(5));
        UserTask t4 = steps.assertEscalated(scr, "T4", "Emit_T4_PanelPack", "review-chair");
        assertThat(harness.openUserTasks(scr, "PanelPack")).hasSize(1);
        harness.completeAsCaseworker(t4, escalation("CHASED"));
        assertThat(harness.escalationVariables(t4).get("escalationAction").asText()).isEqualTo("CHASED");
        assertThat(harness.openEscalationTasks(scr, "T4")).isEmpty();
        assertThat(harness.completedElements(scr)).containsSubsequence("Timer_T4_PanelPack", "Emit_T4_PanelPack",
                "EscalationDone_T4_PanelPack");
        harness.completeAsCaseworker(scr, "PanelPack", Map.of("panelPackComplete", true, "sentOn", harness.today()));
        steps.assertDeadline(scr, "T4", "BREACHED");

        // the panel is told; no advice comes within its meeting cycle (T7)
        harness.awaitElementCompleted(scr, "NotifyPanelNotInitiated");
        assertThat(steps.notices(scr)).containsExactly("PANEL_NOTICE scr-not-initiated national-panel");
        JsonNode detail = steps.noticeDetail(scr, "scr-not-initiated");
        assertThat(detail.path("scrDecision").asText()).isEqualTo("SCR_NOT_INITIATED_CRITERIA_NOT_MET");
        assertThat(detail.path("scrCriteriaMet").asBoolean(true)).isFalse();
        assertThat(detail.toString()).doesNotContain("Pembridge");
        harness.awaitElementActive(scr, "Gw_WaitAdvice");
        harness.advanceClockTo(steps.dueAt(scr, "dueT7").plusSeconds(5));
        harness.awaitProcessCompleted(scr);
        assertThat(harness.completedElements(scr)).containsSubsequence("PanelPack", "NotifyPanelNotInitiated",
                "Gw_WaitAdvice", "CatchNoAdvice", "Gw_NoAdvice_Merge", "Gw_Alternative", "Gw_Alternative_Merge",
                "CloseNotInitiated", "End_NotInitiated");
        assertThat(harness.completedElements(scr)).doesNotContain("CatchAdvice", "RecordAdviceNi", "AlternativeReview");
        assertThat(harness.caseStatus(scr)).isEqualTo("CLOSED");
        assertThat(steps.closureReason(scr)).isNull();
        assertThat(harness.events(scr, "deadline.breached")).extracting(e -> e.text("timescale")).containsExactly("T4");
        // T1 is owed only for a notifiable incident, so never set here; T7 (the panel cycle, an event-based wait,
        // not an escalation) is settled by no step: the closure lapses it
        assertThat(harness.deadlines(scr)).extracting(d -> d.timescaleId() + " " + d.status())
                .containsExactlyInAnyOrder("T2 MET", "T3 MET", "T4 BREACHED", "T7 LAPSED");
        assertThat(harness.events(scr, "deadline.lapsed")).extracting(e -> e.text("timescale"))
                .containsExactlyInAnyOrder("T7");
        assertThat(harness.events(scr, "notice.sent")).extracting(e -> e.text("notice")).containsExactly("scr-not-initiated");
        harness.assertEventsPseudonymised(scr);
    }

    @Test
    void alternativeReviewIsCommissionedWhenThePanelAgreesAndTheBoardDoesNotInitiate() {
        ProcessCase scr = harness.startCase(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        steps.screen(scr, AGENCIES, criteriaNotMet(), "ALTERNATIVE_LEARNING_REVIEW");
        harness.completeAsCaseworker(scr, "PanelPack", Map.of("panelPackComplete", true, "sentOn", harness.today()));
        harness.awaitElementActive(scr, "Gw_WaitAdvice");
        harness.awaitQuiet(scr);

        harness.publishMessage(ScrSteps.PANEL_ADVICE, scr.caseId().toString(), Map.of());
        UserTask advice = harness.awaitUserTask(scr, "RecordAdviceNi");
        assertThat(advice.getCandidateGroups()).containsExactly("review-chair");
        harness.completeAsCaseworker(scr, "RecordAdviceNi", panelAdvice("AGREES", "AGREED", false,
                "Panel agrees a partnership learning review is proportionate."));
        UserTask alternative = harness.awaitUserTask(scr, "AlternativeReview");
        assertThat(alternative.getCandidateGroups()).containsExactly("review-subgroup");
        harness.completeUserTask(alternative, Map.of("reviewType", "PARTNERSHIP_REVIEW"));

        harness.awaitProcessCompleted(scr);
        assertThat(harness.completedElements(scr)).containsSubsequence("Gw_Decision", "ComputeT4", "PanelPack",
                "NotifyPanelNotInitiated", "Gw_WaitAdvice", "CatchAdvice", "RecordAdviceNi", "Gw_NowInitiates",
                "Gw_NoAdvice_Merge", "Gw_Alternative", "AlternativeReview", "Gw_Alternative_Merge", "CloseNotInitiated",
                "End_NotInitiated");
        assertThat(harness.completedElements(scr)).doesNotContain("CatchNoAdvice", "ComputeT5", "Emit_T4_PanelPack");
        Map<String, JsonNode> variables = harness.variables(scr);
        assertThat(variables.get("scrDecision").asText()).isEqualTo("ALTERNATIVE_LEARNING_REVIEW");
        assertThat(variables.get("panelAdvice").asText()).isEqualTo("AGREES");
        assertThat(variables.get("panelAdviceResponse").asText()).isEqualTo("AGREED");
        assertThat(variables.get("boardNowInitiates").asBoolean()).isFalse();
        assertThat(variables.get("alternativeReviewType").asText()).isEqualTo("PARTNERSHIP_REVIEW");
        assertThat(steps.decisions(scr)).extracting(ScrSteps.Decision::outcome)
                .containsExactly("ALTERNATIVE_LEARNING_REVIEW", "ALTERNATIVE_LEARNING_REVIEW", "AGREED");
        assertThat(steps.notices(scr)).containsExactly("PANEL_NOTICE scr-not-initiated national-panel");
        steps.assertDeadline(scr, "T4", "MET");
        assertThat(harness.caseStatus(scr)).isEqualTo("CLOSED");
        assertThat(harness.events(scr, "closed")).hasSize(1);
        assertThat(harness.events(scr, "deadline.breached")).isEmpty();
        harness.assertEventsPseudonymised(scr);
    }

    @Test
    void panelAdvisesAnScrTheBoardNowInitiatesItAndDecidesNotToPublish() {
        ProcessCase scr = harness.startCase(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        steps.screen(scr, AGENCIES, criteriaNotMet(), "NO_FURTHER_ACTION");
        harness.completeUserTask(scr, "PanelPack", Map.of("panelPackComplete", true, "sentOn", "2017-09-06"));
        harness.awaitElementActive(scr, "Gw_WaitAdvice");
        harness.publishMessage(ScrSteps.PANEL_ADVICE, scr.caseId().toString(), Map.of());
        harness.completeAsCaseworker(scr, "RecordAdviceNi", panelAdvice("ADVISES_SCR", "AGREED", true,
                "Having regard to the panel's advice the board now initiates an SCR."));

        harness.awaitUserTask(scr, "AppointReviewers");
        harness.awaitQuiet(scr);
        assertThat(harness.completedElements(scr)).containsSubsequence("CatchAdvice", "RecordAdviceNi",
                "Gw_NowInitiates", "Gw_Initiate_Merge", "ComputeT5");
        assertThat(harness.completedElements(scr)).doesNotContain("Gw_Alternative", "CloseNotInitiated");
        assertThat(harness.variable(scr, "boardNowInitiates").asBoolean()).isTrue();
        steps.assertDeadline(scr, "T5", "OPEN");
        steps.appointReviewersAndAgreeTerms(scr, List.of("health"), "2017-12-01");
        harness.awaitQuiet(scr);
        steps.imrArrivesAndIsAccepted(scr, "health");
        steps.finishReview(scr);
        assertThat(harness.variable(scr, "imrsAccepted")).extracting(JsonNode::asText).containsExactly("health");

        harness.completeAsCaseworker(scr, "PublicationDecision", publication("NOT_PUBLISHED",
                "Publication would identify the surviving siblings."));
        harness.completeUserTask(scr, "ActionPlanReview", Map.of("actionPlanRag", "GREEN", "allActionsComplete", true));
        harness.awaitProcessCompleted(scr);
        assertThat(harness.completedElements(scr)).containsSubsequence("PublicationDecision", "Gw_Publication",
                "NotifyNotPublished", "Gw_Publication_Done", "ActionPlanReview", "Gw_Actions", "CloseRecord", "End_Closed");
        assertThat(harness.completedElements(scr)).doesNotContain("AdvanceNotice", "Publish", "ComputeT6",
                "CatchProceedings", "NextReview");
        assertThat(steps.notices(scr)).containsExactly("PANEL_NOTICE scr-not-initiated national-panel",
                "PANEL_NOTICE scr-initiated national-panel,ofsted", "PANEL_NOTICE scr-not-published national-panel");
        assertThat(steps.noticeDetail(scr, "scr-not-published").path("publicationDecision").asText())
                .isEqualTo("NOT_PUBLISHED");
        assertThat(harness.events(scr, "notice.sent")).extracting(e -> e.text("notice"))
                .containsExactly("scr-not-initiated", "scr-initiated", "scr-not-published");
        assertThat(harness.caseStatus(scr)).isEqualTo("CLOSED");
        assertThat(steps.closureReason(scr)).isNull();
        harness.assertEventsPseudonymised(scr);
    }

    @Test
    void aFurtherReferralNamingTheOpenCaseGivesTheBusinessUnitATaskWhileTheScreeningCarriesOn() {
        ProcessCase scr = harness.startCase(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        harness.awaitElementActive(scr, "ReceiveAgencyInfo");

        ObjectNode further = TestReferrals.valid(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        further.put("subject", scr.caseId().toString());
        var result = intake.accept(TestReferrals.bytes(further), Channel.REST, "process-test");
        assertThat(result.caseId()).isEqualTo(scr.caseId());

        UserTask review = harness.awaitUserTask(scr, "ReviewFurtherReferral");
        assertThat(review.getCandidateGroups()).containsExactly("review-business-unit");
        harness.completeAsCaseworker(scr, "ReviewFurtherReferral", Map.of("furtherReferralAction", "PLAN_CHANGED",
                "record.furtherReferralNotes", "GP practice adds a second agency; ask it for information."));
        harness.awaitElementCompleted(scr, "End_FurtherReferral");
        assertThat(harness.completedElements(scr)).containsSubsequence("Start_FurtherReferral", "ReviewFurtherReferral",
                "End_FurtherReferral");
        assertThat(harness.variable(scr, "lastFurtherReferralAction").asText()).isEqualTo("PLAN_CHANGED");
        assertThat(harness.jdbc().sql("SELECT count(*) FROM referral WHERE case_id = :id").param("id", scr.caseId().value())
                .query(Long.class).single()).isEqualTo(2);
        assertThat(harness.jdbc().sql("SELECT field FROM case_note WHERE case_id = :id").param("id", scr.caseId().value())
                .query(String.class).list()).containsExactly("record.furtherReferralNotes");
        assertThat(steps.engineValues(scr)).noneMatch(v -> v.contains("GP practice"));
        // non-interrupting: the screening still waits for the agencies, and no second case was opened
        assertThat(harness.elements(scr)).anyMatch(e -> e.getElementId().equals("ReceiveAgencyInfo")
                && e.getState() == io.camunda.client.api.search.enums.ElementInstanceState.ACTIVE);
        assertThat(harness.events(scr, "opened")).hasSize(1);
        assertThat(harness.caseStatus(scr)).isEqualTo("OPEN");
        steps.agenciesReturnInformation(scr, AGENCIES.toArray(String[]::new));
        harness.awaitUserTask(scr, "SubgroupRecommendation");
        harness.assertEventsPseudonymised(scr);
    }

    @Test
    void anImrDueDateThatIsNotADateBecomesAnIncidentAtCommissionImrAndTheReviewRecoversOnceItIsCorrected() {
        ProcessCase scr = harness.startCase(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        steps.screen(scr, AGENCIES, criteriaMet(), "SCR_INITIATED");
        // an integration submits the terms of reference with a UK-style date, straight to the engine
        steps.appointReviewersAndAgreeTerms(scr, List.of("health"), "01/12/2017");

        Incident incident = harness.awaitIncident(scr, "CommissionImr");
        assertThat(incident.getErrorType()).isEqualTo(IncidentErrorType.JOB_NO_RETRIES);
        assertThat(incident.getErrorMessage()).startsWith("agency-request.send at CommissionImr: imrDueOn:")
                .contains("'01/12/2017' is not an ISO 8601 date");
        assertThat(steps.agencyRequests(scr)).noneMatch(r -> r.startsWith("imr "));

        harness.setVariables(incident.getElementInstanceKey(), Map.of("imrDueOn", "2017-12-01"));
        harness.resolveIncident(incident);

        harness.awaitElementActive(scr, "ReceiveImr");
        harness.awaitQuiet(scr);
        assertThat(harness.incidents(scr)).isEmpty();
        assertThat(harness.variable(scr, "imrDueOn").asText()).isEqualTo("2017-12-01");
        assertThat(harness.jdbc().sql("SELECT agency_id || ' ' || due_at FROM agency_request WHERE case_id = :id AND request_type = 'imr'")
                .param("id", scr.caseId().value()).query(String.class).single()).startsWith("health 2017-12-01");
        steps.imrArrivesAndIsAccepted(scr, "health");
        harness.awaitUserTask(scr, "LearningEvent");
        assertThat(harness.completedElements(scr)).containsSubsequence("CommissionImr", "ReceiveImr", "QaImr", "End_Imr");
        harness.assertEventsPseudonymised(scr);
    }
}
