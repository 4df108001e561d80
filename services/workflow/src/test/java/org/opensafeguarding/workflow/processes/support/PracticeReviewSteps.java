package org.opensafeguarding.workflow.processes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.support.TestReferrals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps and form values of the practice review ({@code bpmn/practice-review.bpmn}, {@code practice-review-wt2018}) for
 * the {@code PracticeReview*Test} classes: the form values are exactly the fields of the {@code cspr-*} / {@code review-*}
 * forms, so the same maps pass the tasklist's validation ({@link ProcessHarness#completeAsCaseworker}).
 */
public final class PracticeReviewSteps {

    /** The rationale every decision in these tests records: it must reach {@code case_decision}, never the engine. */
    public static final String RATIONALE = "Partners agreed after reading the chronology from Haverstock health visiting";

    public static final String PARTNERS = "SAFEGUARDING_PARTNERS";

    private final ProcessHarness harness;

    public PracticeReviewSteps(ProcessHarness harness) {
        this.harness = harness;
    }

    // ------------------------------------------------------------------------------------------ referrals

    /**
     * {@link TestReferrals}' serious incident notification with the incident on {@code incidentDate} and the local
     * authority aware on {@code awareDate} (ISO dates).
     */
    public static ObjectNode sinReferral(String incidentDate, String awareDate) {
        ObjectNode referral = TestReferrals.valid(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);
        ObjectNode incident = (ObjectNode) referral.get("data").get("incident");
        incident.put("date", incidentDate);
        incident.put("localAuthorityAwareDate", awareDate);
        return referral;
    }

    // ------------------------------------------------------------------------------------------ form values

    /** {@code cspr-sin-threshold}: a decision (criteria, role, rationale). */
    public static Map<String, Object> threshold(boolean abuseOrNeglect, boolean died, boolean harmed, boolean inArea,
                                                boolean lookedAfterDied) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("abuseOrNeglectKnownOrSuspected", abuseOrNeglect);
        v.put("childDied", died);
        v.put("childSeriouslyHarmed", harmed);
        v.put("incidentInArea", inArea);
        v.put("residentHarmedOutsideEngland", false);
        v.put("lookedAfterChildDied", lookedAfterDied);
        v.put("decisionMakerRole", PARTNERS);
        v.put("record", Map.of("rationale", RATIONALE));
        return v;
    }

    /** {@code cspr-sin-submitted}. */
    public static Map<String, Object> sinSubmitted(String on, List<String> agencyIds) {
        return Map.of("sinSubmittedOn", on, "rrThresholdStated", true, "agencyIds", agencyIds);
    }

    /** {@code cspr-rapid-review}: a decision. */
    public static Map<String, Object> rapidReview(String recommendation) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("immediateActionNeeded", false);
        v.put("improvementPotential", true);
        v.put("rrRecommendation", recommendation);
        v.put("decisionMakerRole", PARTNERS);
        v.put("record", Map.of("rationale", RATIONALE));
        return v;
    }

    /** {@code cspr-panel-response}. */
    public static Map<String, Object> panelResponse(String response, String on) {
        return Map.of("panelResponse", response, "responseReceivedOn", on);
    }

    /** {@code cspr-lcspr-decision}: a decision (reg 11 criteria). */
    public static Map<String, Object> lcsprDecision(String decision) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("improvementsNeeded", true);
        v.put("recurrentThemes", false);
        v.put("multiAgencyConcern", true);
        v.put("panelSuggestedLocal", false);
        v.put("lcsprDecision", decision);
        v.put("decisionMakerRole", PARTNERS);
        v.put("record", Map.of("rationale", RATIONALE));
        return v;
    }

    /** {@code cspr-publication-decision}: a decision. */
    public static Map<String, Object> publication(String decision, String plannedOn) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("publicationDecision", decision);
        v.put("plannedPublicationOn", plannedOn);
        v.put("parallelProceedingsConsidered", true);
        v.put("decisionMakerRole", PARTNERS);
        v.put("record", Map.of("rationale", RATIONALE));
        return v;
    }

    /** {@code review-action-plan}. */
    public static Map<String, Object> actionReview(boolean allComplete, String rag) {
        return Map.of("allActionsComplete", allComplete, "actionPlanRag", rag);
    }

    /** {@code deadline-escalation}. */
    public static Map<String, Object> escalation(String action) {
        return Map.of("escalationAction", action, "record", Map.of("escalationReason", "Chased the partners' business leads"));
    }

    // ------------------------------------------------------------------------------------------ steps

    /** Publishes {@code agency-request.returned} for the rapid-review summary of this agency. */
    public void summaryReturned(ProcessCase c, String agencyId, boolean declined) {
        Map<String, Object> variables = new HashMap<>();
        if (declined) {
            variables.put("agencyResponse", "DECLINED");
        }
        harness.publishMessage("agency-request.returned", c.caseId() + "/rr-agency-summary/" + agencyId, variables);
    }

    /**
     * Straight to the engine (no tasklist): a met threshold (abuse, death, in area), the notification submitted on
     * {@code sinOn} with these agencies; waits until every agency has been asked for its summary.
     */
    public void throughNotification(ProcessCase c, String sinOn, List<String> agencyIds) {
        harness.completeUserTask(c, "Threshold", threshold(true, true, false, true, false));
        harness.completeUserTask(c, "SubmitSin", sinSubmitted(sinOn, agencyIds));
        harness.awaitElementCompleted(c, "ComputeR2");
        await(c, "RequestSummary", agencyIds.size());
    }

    /** Straight to the engine: every summary returned, the rapid review signed off with this recommendation. */
    public void throughRapidReview(ProcessCase c, List<String> agencyIds, String recommendation) {
        agencyIds.forEach(a -> summaryReturned(c, a, false));
        harness.completeUserTask(c, "RrMeeting", rapidReview(recommendation));
        harness.awaitElementCompleted(c, "SendRr");
    }

    /** Straight to the engine: the Panel's response, then the partners' reg 11 decision. */
    public void throughLcsprDecision(ProcessCase c, String panelResponse, String decision) {
        harness.completeUserTask(c, "PanelResponse", panelResponse(panelResponse, harness.now().toString().substring(0, 10)));
        harness.completeUserTask(c, "LcsprDecision", lcsprDecision(decision));
    }

    /** Waits until {@code count} instances of a job element have completed. */
    public void await(ProcessCase c, String elementId, int count) {
        org.awaitility.Awaitility.await(count + " x " + elementId).atMost(ProcessHarness.WAIT).ignoreExceptions()
                .until(() -> harness.completedElements(c).stream().filter(elementId::equals).count() >= count);
    }

    /** The case's {@code case_decision} rows as "decisionType outcome role", oldest first. */
    public List<String> decisions(ProcessCase c) {
        return harness.jdbc().sql("""
                SELECT decision_type || ' ' || outcome || ' ' || decision_maker_role FROM case_decision
                WHERE case_id = :id ORDER BY decided_at, id""").param("id", c.caseId().value()).query(String.class).list();
    }

    /** The case's {@code case_notice} rows as "kind notice recipients status", oldest first. */
    public List<String> notices(ProcessCase c) {
        return harness.jdbc().sql("""
                SELECT kind || ' ' || notice || ' ' || recipients || ' ' || status FROM case_notice
                WHERE case_id = :id ORDER BY id""").param("id", c.caseId().value()).query(String.class).list();
    }

    /** The detail (decision codes) of the case's notice with this code. */
    public JsonNode noticeDetail(ProcessCase c, String notice) {
        String json = harness.jdbc().sql("SELECT detail::text FROM case_notice WHERE case_id = :id AND notice = :n")
                .param("id", c.caseId().value()).param("n", notice).query(String.class).single();
        try {
            return TestReferrals.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case's {@code agency_request} rows as "requestType agencyId status", in agency order. */
    public List<String> agencyRequests(ProcessCase c) {
        return harness.jdbc().sql("""
                SELECT request_type || ' ' || agency_id || ' ' || status FROM agency_request
                WHERE case_id = :id ORDER BY agency_id, id""").param("id", c.caseId().value()).query(String.class).list();
    }

    /** {@code case_file} process id, version, status and closure reason: "processId processVersion status reason". */
    public String caseFile(ProcessCase c) {
        return harness.jdbc().sql("""
                SELECT process_id || ' ' || process_version || ' ' || status || ' ' || coalesce(closure_reason, '-')
                FROM case_file WHERE id = :id""").param("id", c.caseId().value()).query(String.class).single();
    }

    /** The case's deadlines as "timescale status", oldest due first. */
    public List<String> deadlines(ProcessCase c) {
        return harness.deadlines(c).stream().map(d -> d.timescaleId() + " " + d.status()).toList();
    }

    /** Nothing the test typed as free text reached the engine's variables of the case. */
    public void assertNoFreeTextInEngine(ProcessCase c) {
        harness.variables(c).forEach((name, value) -> {
            if (value.toString().contains(RATIONALE) || value.toString().contains("Chased the partners")) {
                throw new AssertionError("free text reached the engine in variable " + name);
            }
            if (name.startsWith("record")) {
                throw new AssertionError("a record.* field reached the engine: " + name);
            }
        });
    }
}
