package org.opensafeguarding.workflow.processes.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.api.search.response.UserTask;
import org.opensafeguarding.workflow.deadlines.Deadlines;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps and form values of the serious case review referral ({@code bpmn/scr-referral.bpmn},
 * {@code scr-referral-wt2013}) for {@code Scr*Test}: what the business unit, the subgroup and the LSCB chair submit,
 * and the messages intake publishes. Decision forms go through the tasklist ({@link ProcessHarness#completeAsCaseworker})
 * so their {@code case_decision} rows exist; other forms straight to the engine.
 */
public final class ScrSteps {

    public static final String AGENCY_RETURNED = "agency-request.returned";
    public static final String PANEL_ADVICE = "review.panel-advice.received";
    public static final String PROCEEDINGS_CONCLUDED = "review.parallel-proceedings.concluded";

    private final ProcessHarness harness;

    public ScrSteps(ProcessHarness harness) {
        this.harness = harness;
    }

    // ------------------------------------------------------------------------------------------ form values

    /** Regulation 5(2) criteria and the three mandatory triggers (all false), as the criteria checkboxes submit them. */
    public static Map<String, Object> criteria(boolean abuseOrNeglect, boolean died, boolean harmed, boolean concern) {
        Map<String, Object> v = new HashMap<>();
        v.put("abuseOrNeglectKnownOrSuspected", abuseOrNeglect);
        v.put("childDied", died);
        v.put("childSeriouslyHarmed", harmed);
        v.put("concernAboutWorkingTogether", concern);
        v.put("diedInCustody", false);
        v.put("detainedUnderMentalHealthAct", false);
        v.put("deprivationOfLibertyOrder", false);
        return v;
    }

    /** The serious-harm limb met: abuse suspected, seriously harmed, concern about working together. */
    public static Map<String, Object> criteriaMet() {
        return criteria(true, false, true, true);
    }

    /** Abuse suspected and seriously harmed, but definitive evidence of no concern about working together. */
    public static Map<String, Object> criteriaNotMet() {
        return criteria(true, false, true, false);
    }

    public static Map<String, Object> subgroupRecommendation(Map<String, Object> criteria, String recommendation,
                                                             String rationale) {
        Map<String, Object> v = new HashMap<>(criteria);
        v.put("recommendation", recommendation);
        v.put("decisionMakerRole", "SCR_SUBGROUP");
        v.put("record.rationale", rationale);
        return v;
    }

    public static Map<String, Object> chairDecision(Map<String, Object> criteria, String scrDecision, String rationale) {
        Map<String, Object> v = new HashMap<>(criteria);
        v.put("scrDecision", scrDecision);
        v.put("decisionMakerRole", "LSCB_CHAIR");
        v.put("record.rationale", rationale);
        return v;
    }

    public static Map<String, Object> panelAdvice(String advice, String boardResponse, boolean nowInitiates,
                                                  String rationale) {
        Map<String, Object> v = new HashMap<>();
        v.put("panelAdvice", advice);
        v.put("boardResponse", boardResponse);
        v.put("boardNowInitiates", nowInitiates);
        v.put("decisionMakerRole", "LSCB_CHAIR");
        v.put("record.rationale", rationale);
        return v;
    }

    public static Map<String, Object> publication(String decision, String rationale) {
        Map<String, Object> v = new HashMap<>();
        v.put("publicationDecision", decision);
        v.put("panelAdviceConsidered", true);
        v.put("decisionMakerRole", "LSCB_CHAIR");
        v.put("record.rationale", rationale);
        return v;
    }

    public static Map<String, Object> termsOfReference(List<String> imrAgencyIds, String imrDueOn) {
        Map<String, Object> v = new HashMap<>();
        v.put("methodology", "SYSTEMS");
        v.put("imrAgencyIds", imrAgencyIds);
        v.put("imrDueOn", imrDueOn);
        v.put("parallelPolice", true);
        v.put("parallelCoroner", false);
        v.put("parallelCare", false);
        return v;
    }

    public static Map<String, Object> escalation(String action) {
        return Map.of("escalationAction", action, "record.escalationReason", "Chased by telephone; reply promised.");
    }

    // ------------------------------------------------------------------------------------------ steps

    /** Intake publishes {@code agency-request.returned} for one agency (waits for the receive task first). */
    public void agencyReturns(ProcessCase c, String requestType, String agencyId, Map<String, Object> variables) {
        harness.publishMessage(AGENCY_RETURNED, c.caseId() + "/" + requestType + "/" + agencyId, variables);
    }

    /** Every agency of the referral returns its case information; waits until the screening moves on. */
    public void agenciesReturnInformation(ProcessCase c, String... agencyIds) {
        harness.awaitElementActive(c, "ReceiveAgencyInfo");
        for (String agency : agencyIds) {
            agencyReturns(c, "scr-agency-information", agency, Map.of());
        }
        harness.awaitElementCompleted(c, "Sub_AgencyInfo");
    }

    /**
     * From the referral to the chair's decision: agencies return their information, the subgroup recommends and the
     * chair decides (both through the tasklist).
     */
    public void screen(ProcessCase c, List<String> agencyIds, Map<String, Object> criteria, String decision) {
        agenciesReturnInformation(c, agencyIds.toArray(String[]::new));
        harness.completeAsCaseworker(c, "SubgroupRecommendation",
                subgroupRecommendation(criteria, decision, "Subgroup discussed the chronology at its monthly meeting."));
        harness.completeAsCaseworker(c, "ChairDecision",
                chairDecision(criteria, decision, "Chair agrees with the subgroup on the evidence in the chronologies."));
        harness.awaitElementCompleted(c, "Sub_Screening");
    }

    /** After the decision to initiate: reviewers appointed, then the terms of reference set the IMRs. */
    public void appointReviewersAndAgreeTerms(ProcessCase c, List<String> imrAgencyIds, String imrDueOn) {
        harness.completeUserTask(c, "AppointReviewers", Map.of("leadReviewerAppointed", true,
                "independenceDeclared", true, "overviewAuthorAppointed", true, "appointedOn", "2017-10-02"));
        harness.completeUserTask(c, "TermsOfReference", termsOfReference(imrAgencyIds, imrDueOn));
        harness.completeUserTask(c, "FamilyEngagement", Map.of("familyParticipation", "PARTICIPATING"));
    }

    /** One agency's IMR arrives and is accepted at quality assurance (the open QA task is this agency's). */
    public void imrArrivesAndIsAccepted(ProcessCase c, String agencyId) {
        agencyReturns(c, "imr", agencyId, Map.of());
        harness.completeUserTask(awaitOpenTask(c, "QaImr"), Map.of("imrAssessment", "ACCEPTED"));
    }

    /** Learning event, overview report and the board's written response: the end of the review subprocess. */
    public void finishReview(ProcessCase c) {
        harness.completeUserTask(c, "LearningEvent", Map.of("learningEventHeld", true, "heldOn", "2018-01-15"));
        harness.completeUserTask(c, "OverviewReport", Map.of("overviewReportReceived", true, "receivedOn", "2018-02-20"));
        harness.completeAsCaseworker(c, "BoardResponse", Map.of("findingsAccepted", true, "actionPlanAgreed", true,
                "record.rationale", "The board accepts all seven findings; priorities agreed."));
        harness.awaitElementCompleted(c, "Sub_Review");
    }

    /** Waits for exactly one open task of the element (e.g. the QA task of the agency whose IMR just came back). */
    public UserTask awaitOpenTask(ProcessCase c, String elementId) {
        return harness.awaitUserTask(c, elementId);
    }

    // ------------------------------------------------------------------------------------------ records

    public record Decision(String decisionType, JsonNode criteria, String outcome, JsonNode outcomes, String role,
                           String rationale) {
    }

    /** The case's {@code case_decision} rows, oldest first. */
    public List<Decision> decisions(ProcessCase c) {
        return harness.jdbc().sql("""
                        SELECT decision_type, criteria::text AS criteria, outcome, outcomes::text AS outcomes,
                               decision_maker_role, rationale
                        FROM case_decision WHERE case_id = :id ORDER BY decided_at, id""")
                .param("id", c.caseId().value())
                .query((rs, n) -> new Decision(rs.getString("decision_type"), json(rs.getString("criteria")),
                        rs.getString("outcome"), json(rs.getString("outcomes")), rs.getString("decision_maker_role"),
                        rs.getString("rationale")))
                .list();
    }

    /** {@code notice recipients} of the case's {@code case_notice} rows, in order. */
    public List<String> notices(ProcessCase c) {
        return harness.jdbc().sql("SELECT kind || ' ' || notice || ' ' || recipients FROM case_notice WHERE case_id = :id ORDER BY id")
                .param("id", c.caseId().value()).query(String.class).list();
    }

    /** The {@code detail} (decision codes) of the case's notice of this code. */
    public JsonNode noticeDetail(ProcessCase c, String notice) {
        return json(harness.jdbc().sql("SELECT detail::text FROM case_notice WHERE case_id = :id AND notice = :n")
                .param("id", c.caseId().value()).param("n", notice).query(String.class).single());
    }

    /** {@code request_type agency_id status} of the case's {@code agency_request} rows, in order. */
    public List<String> agencyRequests(ProcessCase c) {
        return harness.jdbc().sql("SELECT request_type || ' ' || agency_id || ' ' || status FROM agency_request WHERE case_id = :id ORDER BY id")
                .param("id", c.caseId().value()).query(String.class).list();
    }

    public String closureReason(ProcessCase c) {
        return harness.jdbc().sql("SELECT closure_reason FROM case_file WHERE id = :id").param("id", c.caseId().value())
                .query((rs, n) -> rs.getString(1)).list().get(0);
    }

    /** Every value the engine holds for the case's instance, all scopes (task-local ones included), as text. */
    public List<String> engineValues(ProcessCase c) {
        return harness.client().newVariableSearchRequest().filter(f -> f.processInstanceKey(c.processInstanceKey()))
                .page(p -> p.limit(1000)).send().join().items().stream().map(v -> v.getName() + "=" + v.getValue())
                .toList();
    }

    /**
     * A timer fired: the breach path {@code emitElement} → {@code EscalationDone_*} completed in the case's instance,
     * the escalation task is open for the group at priority 80 in its own {@code deadline-escalation} instance (see
     * {@link ProcessHarness#awaitEscalation}), {@code deadline.breached} was written for the timescale, its deadline
     * row is BREACHED, and the case carries on (still OPEN, no escalation task of its own).
     *
     * @param emitElement the breach path's {@code Emit_<timescale>_<host>} element
     */
    public UserTask assertEscalated(ProcessCase c, String timescaleId, String emitElement, String group) {
        UserTask escalation = harness.awaitEscalation(c, timescaleId, group, emitElement);
        harness.awaitEvent(c, "deadline.breached", d -> timescaleId.equals(d.path("timescale").asText()));
        assertDeadline(c, timescaleId, "BREACHED");
        assertThat(harness.openUserTasks(c)).noneMatch(t -> t.getElementId().startsWith("Escalate"));
        assertThat(harness.caseStatus(c)).isEqualTo("OPEN");
        return escalation;
    }

    /** The deadline row of this timescale is in this state. */
    public void assertDeadline(ProcessCase c, String timescaleId, String status) {
        Optional<Deadlines.Deadline> d = harness.deadline(c, timescaleId);
        assertThat(d).as("case_deadline %s", timescaleId).hasValueSatisfying(x -> assertThat(x.status()).isEqualTo(status));
    }

    /** A {@code due...} variable (the last instant on time, as the task and the deadline row show it) as an instant. */
    public Instant dueAt(ProcessCase c, String variable) {
        return java.time.OffsetDateTime.parse(harness.variable(c, variable).asText()).toInstant();
    }

    private static JsonNode json(String text) {
        try {
            return org.opensafeguarding.workflow.support.TestReferrals.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
