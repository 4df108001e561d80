package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The annual-report tables of the reporting API, fed through the whole stack in one JVM (issue 11, "Must show"): a
 * known set of cases comes in through {@code POST /api/referrals} with the demo MASH's token, runs on the engine with
 * the real models and workers, and is moved on by demo caseworkers through the tasklist API, day by day of the
 * engine's pinned clock; reporting consumes the events from Kafka. Then every figure of the table for the period is
 * checked against what was done, and every case's events are checked to have landed in the projections.
 *
 * <p>One stack for the class (it is heavy); each test works in its own months of 2025, in clock order, so the
 * periods it asks about hold only its own cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnnualReportsThroughTheStackTest {

    @TempDir
    static Path data;

    private StackDriver stack;
    /** LADO case B, whose escalations are left unanswered for the alert test. */
    private String ladoCaseB;

    @BeforeAll
    void startTheStack() throws Exception {
        stack = StackDriver.start(data);
    }

    @AfterAll
    void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }

    // ------------------------------------------------------------------------------------------------ LADO

    /**
     * Three allegations around Easter 2025 (Good Friday 18 April, Easter Monday 21 April are bank holidays):
     * <ul>
     *   <li>A, education, from the employer's DSL, Thu 17 Apr: considered that day, strategy meeting Mon 28 Apr (the
     *       fifth working day after Easter, the seventh by weekdays alone), substantiated, referred to the DBS,
     *       closed Wed 7 May;</li>
     *   <li>B, health, from the police, Thu 17 Apr: considered Tue 22 Apr (one working day later), meeting Tue 29 Apr
     *       (sixth working day, after its L2b timer fired), left open;</li>
     *   <li>C, education, from a parent, Mon 28 Apr: considered Wed 30 Apr (two working days), no further action,
     *       closed that day.</li>
     * </ul>
     */
    @Test
    @Order(1)
    void theLadoTableCountsWhatTheCaseworkersDidAcrossEaster() {
        stack.pin(day("2025-04-14"));
        stack.walkTo(day("2025-04-17"));
        String a = stack.postReferral(stack.referral(DemoReferrals.LADO,
                DemoReferrals.lado(day("2025-04-17"), "education", "employer-dsl")));
        String b = stack.postReferral(stack.referral(DemoReferrals.LADO,
                DemoReferrals.lado(day("2025-04-17"), "health", "police")));
        ladoCaseB = b;
        stack.complete("lado.north", a, "InitialConsideration", consideration("MEETING"));

        stack.walkTo(day("2025-04-22"));
        stack.complete("lado.north", b, "InitialConsideration", consideration("MEETING"));

        stack.walkTo(day("2025-04-28"));
        stack.complete("lado.north", a, "PotMeeting", potMeeting(stack.today()));
        String c = stack.postReferral(stack.referral(DemoReferrals.LADO,
                DemoReferrals.lado(day("2025-04-28"), "education", "parent-carer")));

        stack.walkTo(day("2025-04-29"));
        stack.complete("lado.north", b, "PotMeeting", potMeeting(stack.today()));

        stack.walkTo(day("2025-04-30"));
        stack.complete("lado.north", c, "InitialConsideration", consideration("NFA"));
        stack.complete("lado.north", c, "RecordResolution", resolution("NFA"));
        stack.complete("lado.north", c, "CloseCase", closure(stack.today()));

        stack.walkTo(day("2025-05-07"));
        stack.complete("lado-manager.north", a, "OutcomeMeeting", outcome("SUBSTANTIATED", "EMPLOYER_ACTION"));
        stack.complete("lado.north", a, "ConfirmReferrals", Map.of("referralsConfirmed", true,
                "referralsMadeOn", stack.today().toString()));
        stack.complete("lado.north", a, "WrittenFeedback", Map.of("feedbackSent", true,
                "feedbackSentOn", stack.today().toString()));
        stack.complete("lado.north", a, "CloseCase", closure(stack.today()));
        stack.walkTo(day("2025-05-09"));

        assertThat(stack.assertProjectionsMatchEvents(a)).contains("opened", "task.completed", "deadline.met",
                "decision.recorded", "outcome.recorded", "closed");
        assertThat(stack.assertProjectionsMatchEvents(b)).contains("opened", "deadline.breached").doesNotContain("closed");
        assertThat(stack.assertProjectionsMatchEvents(c)).contains("opened", "decision.recorded", "closed");

        assertThat(rows(stack.annual("lado", day("2025-04-01"), day("2025-06-30")))).containsExactly(
                "lado.referrals total 3",
                "lado.referrals.by-setting education 2",
                "lado.referrals.by-setting health 1",
                "lado.referrals.by-setting total 3",
                "lado.referrals.by-abuseCategory physical 3",
                "lado.referrals.by-abuseCategory total 3",
                "lado.referrals.by-referralSource employer-dsl 1",
                "lado.referrals.by-referralSource parent-carer 1",
                "lado.referrals.by-referralSource police 1",
                "lado.referrals.by-referralSource total 3",
                // A and B had their meeting, C went no further
                "lado.strategy-meeting.held total 2 of 3 = 66.7%",
                // A on the 5th working day (Good Friday and Easter Monday do not count), B on the 6th
                "lado.strategy-meeting.within-5-working-days total 1 of 2 = 50.0%",
                "lado.strategy-meeting.working-days-from-referral total 2 median 5.5 mean 5.5",
                // A the same day, B the first working day after Easter, C two working days later
                "lado.initial-response.within-1-working-day total 2 of 3 = 66.7%",
                // A in 20 days, C in 2; B open
                "lado.resolved-within-1-months total 2 of 3 = 66.7%",
                "lado.resolved-within-3-months total 2 of 3 = 66.7%",
                "lado.resolved-within-12-months total 2 of 3 = 66.7%",
                "lado.days-to-resolution total 2 median 11.0 mean 11.0",
                "lado.outcome.kcsie-finding SUBSTANTIATED 1",
                "lado.outcome.kcsie-finding total 1",
                // A's outcome meeting, and C's resolution at initial consideration (it has no outcome meeting)
                "lado.outcome.disposal EMPLOYER_ACTION 1",
                "lado.outcome.disposal NFA 1",
                "lado.outcome.disposal total 2",
                "lado.referrals-made dbs 1",
                "lado.referrals-made total 1",
                "lado.open-over-12-months total 0",
                // each was reported to the LADO the day after it was made
                "lado.timescale-met L1 3 of 3 = 100.0%",
                // A's meeting in time across Easter, B's a day late
                "lado.timescale-met L2b 1 of 2 = 50.0%",
                // A's written feedback on the day of its outcome
                "lado.timescale-met L7 1 of 1 = 100.0%",
                // C resolved within a week
                "lado.timescale-met L8a 1 of 1 = 100.0%");
    }

    // ------------------------------------------------------------------------------------------------ CDOP

    /**
     * Two child deaths in June 2025:
     * <ul>
     *   <li>D1, an expected death of a baby girl in hospital on Sun 1 Jun, notified that morning (C1 met), entered
     *       Mon 2 Jun; no joint agency response; CDRM Mon 16 Jun; reviewed by the CDOP Wed 18 Jun: category 8,
     *       no modifiable factors, closed;</li>
     *   <li>D2, an unexpected death of a 13-year-old boy at home on Tue 3 Jun, notified Fri 6 Jun (C1 late); the
     *       joint agency response's discussion and home visit that day (C2, C3 late); CDRM Fri 20 Jun; reviewed Mon 23
     *       Jun: category 1, modifiable factors identified, abuse suspected, so the CDOP raises a serious incident
     *       for a practice review.</li>
     * </ul>
     */
    @Test
    @Order(2)
    void theCdopTableCountsTheDeathsReviewedAndTheirFindings() {
        stack.walkTo(day("2025-06-02"));
        String d1 = stack.postReferral(stack.referral(DemoReferrals.CHILD_DEATH, DemoReferrals.childDeath(
                day("2025-06-01"), "2025-06-01T10:00:00+01:00", "female", "2024-09-10", "expected", "hospital")));
        stack.complete("cdop.north", d1, "Determination", determination(true, false));
        gatherInformation(d1);
        stack.complete("cdop.north", d1, "ArrangeCdrm", Map.of("cdrmPlannedOn", "2025-06-16", "noticeGiven", true));

        stack.walkTo(day("2025-06-06"));
        String d2 = stack.postReferral(stack.referral(DemoReferrals.CHILD_DEATH, DemoReferrals.childDeath(
                day("2025-06-03"), "2025-06-06T08:30:00+01:00", "male", "2012-03-01", "unexpected", "home")));
        stack.complete("cdop.north", d2, "Determination", determination(false, true));
        stack.complete("cdop.north", d2, "Iisd", informationSharing(stack.today()));
        stack.complete("cdop.north", d2, "HomeVisit", Map.of("homeVisit", "DONE", "visitOn", stack.today().toString()));
        gatherInformation(d2);
        stack.complete("cdop.north", d2, "ArrangeCdrm", Map.of("cdrmPlannedOn", "2025-06-20", "noticeGiven", true));

        stack.walkTo(day("2025-06-16"));
        stack.complete("cdop.north", d1, "Cdrm", cdrm(stack.today()));
        stack.walkTo(day("2025-06-18"));
        stack.complete("cdop-panel.north", d1, "CdopReview", cdopReview("8", "NOT_IDENTIFIED", false));
        stack.walkTo(day("2025-06-20"));
        stack.complete("cdop.north", d2, "Cdrm", cdrm(stack.today()));
        stack.walkTo(day("2025-06-23"));
        stack.complete("cdop-panel.north", d2, "CdopReview", cdopReview("1", "IDENTIFIED", true));
        stack.walkTo(day("2025-06-25"));

        assertThat(stack.assertProjectionsMatchEvents(d1)).contains("opened", "deadline.met", "closed");
        assertThat(stack.assertProjectionsMatchEvents(d2)).contains("opened", "deadline.breached", "closed");
        // the serious incident D2's review raised: opened by the process, waiting for the partners' threshold decision
        List<String> raised = stack.strings("workflow", "SELECT linked_case_id::text FROM case_link "
                + "WHERE case_id = ?::uuid AND link_type = 'SIN_CANDIDATE'", d2);
        assertThat(raised).hasSize(1);
        assertThat(stack.assertProjectionsMatchEvents(raised.get(0))).contains("opened", "task.created")
                .doesNotContain("closed");
        assertThat(stack.strings("reporting", "SELECT case_type || ' ' || channel || ' ' || (categories->>'sourceCaseType') "
                + "FROM case_summary WHERE case_pseudonym = ?", stack.pseudonym(raised.get(0))))
                .containsExactly("SERIOUS_INCIDENT PROCESS CHILD_DEATH");
        assertThat(rows(stack.annual("cdop", day("2025-06-01"), day("2025-07-31")))).containsExactly(
                "cdop.deaths-notified total 2",
                "cdop.deaths-notified.by-expectedness expected 1",
                "cdop.deaths-notified.by-expectedness unexpected 1",
                "cdop.deaths-notified.by-expectedness total 2",
                "cdop.deaths-notified.by-sex female 1",
                "cdop.deaths-notified.by-sex male 1",
                "cdop.deaths-notified.by-sex total 2",
                "cdop.deaths-notified.by-location home 1",
                "cdop.deaths-notified.by-location hospital 1",
                "cdop.deaths-notified.by-location total 2",
                "cdop.deaths-notified.by-localAuthorityOfResidence E08000035 2",
                "cdop.deaths-notified.by-localAuthorityOfResidence total 2",
                // D2 was 13, D1 nine months old
                "cdop.deaths-notified.by-age-band 10-14y 1",
                "cdop.deaths-notified.by-age-band 28-364d 1",
                "cdop.deaths-notified.by-age-band total 2",
                "cdop.reviews-completed total 2",
                // opened (entered) to review: D1 2 -> 18 Jun, D2 6 -> 23 Jun
                "cdop.days-notification-to-review total 2 median 16.5 mean 16.5",
                "cdop.jar-information-sharing-held total 1",
                "cdop.category-of-death 1 1",
                "cdop.category-of-death 8 1",
                "cdop.category-of-death total 2",
                "cdop.modifiable-factors IDENTIFIED 1",
                "cdop.modifiable-factors NOT_IDENTIFIED 1",
                "cdop.modifiable-factors total 2",
                "cdop.modifiable-factors.identified total 1 of 2 = 50.0%",
                // both reviewed and closed
                "cdop.open-at-period-end.by-age-band total 0",
                // D2's review raised a serious incident
                "cdop.referred-for-practice-review total 1",
                // D1 notified within 48 hours of the death, D2 three days after
                "cdop.timescale-met C1 1 of 2 = 50.0%",
                // D2's joint agency discussion and home visit, due within 48 and 24 hours of the death, on day three
                "cdop.timescale-met C2 0 of 1 = 0.0%",
                "cdop.timescale-met C3 0 of 1 = 0.0%");
    }

    private void gatherInformation(String caseId) {
        stack.complete("cdop.north", caseId, "KeyWorker", Map.of("keyWorkerAssigned", true, "familyInformed", true,
                "assignedOn", stack.today().toString()));
        stack.agencyAnswer("cdop.north", caseId, "cdr-reporting-form", "health");
        stack.complete("cdop.north", caseId, "ParallelProcesses", Map.of("coronerStatus", "NOT_INVOLVED"));
    }

    // ------------------------------------------------------------------------------------------------ reviews

    /**
     * Serious incidents and an SCR referral around the late August bank holiday 2025 (Mon 25 Aug):
     * <ul>
     *   <li>S1: a child seriously harmed on Thu 21 Aug, the local authority aware Fri 22 Aug; the partners find the
     *       threshold met that day and notify the Panel on Mon 1 Sep, the fifth working day (R1 met only because
     *       the bank holiday does not count); the rapid review on Wed 10 Sep recommends no local review, the Panel
     *       agrees on Mon 15 Sep, the partners decide no LCSPR and the case closes;</li>
     *   <li>S2: a notification the partners find below the threshold, closed at once;</li>
     *   <li>SCR: a referral under Working Together 2013 (incident in 2017): the agencies return their information, the
     *       subgroup and the chair find the criteria not met on the day; the Panel is never told (T4 breached).</li>
     * </ul>
     */
    @Test
    @Order(3)
    void theReviewTableCountsNotificationsDecisionsAndTimescales() {
        stack.walkTo(day("2025-08-22"));
        String s1 = stack.postReferral(stack.referral(DemoReferrals.SERIOUS_INCIDENT,
                DemoReferrals.seriousIncident(day("2025-08-21"), "serious-harm")));
        String s2 = stack.postReferral(stack.referral(DemoReferrals.SERIOUS_INCIDENT,
                DemoReferrals.seriousIncident(day("2025-08-21"), "serious-harm")));
        String scr = stack.postReferral(stack.referral(DemoReferrals.SCR, DemoReferrals.scr(day("2017-08-20"))));
        stack.complete("review-panel.north", s1, "Threshold", threshold(true));
        stack.complete("review-panel.north", s2, "Threshold", threshold(false));
        for (String agency : List.of("health", "childrens-social-care", "police")) {
            stack.agencyAnswer("review.north", scr, "scr-agency-information", agency);
        }
        stack.complete("review-panel.north", scr, "SubgroupRecommendation", scrDecision("recommendation",
                "SCR_NOT_INITIATED_CRITERIA_NOT_MET", "SCR_SUBGROUP"));
        stack.complete("review-panel.north", scr, "ChairDecision", scrDecision("scrDecision",
                "SCR_NOT_INITIATED_CRITERIA_NOT_MET", "LSCB_CHAIR"));

        stack.walkTo(day("2025-09-01"));
        stack.complete("review.north", s1, "SubmitSin", Map.of("sinSubmittedOn", stack.today().toString(),
                "rrThresholdStated", true, "agencyIds", List.of("health", "education")));
        for (String agency : List.of("health", "education")) {
            stack.agencyAnswer("review.north", s1, "rr-agency-summary", agency);
        }
        stack.walkTo(day("2025-09-10"));
        stack.complete("review-panel.north", s1, "RrMeeting", Map.of("immediateActionNeeded", false,
                "improvementPotential", true, "rrRecommendation", "NO_LCSPR", "decisionMakerRole", "SAFEGUARDING_PARTNERS",
                "record.rationale", "Learning is single-agency and already in hand."));
        stack.walkTo(day("2025-09-15"));
        stack.complete("review.north", s1, "PanelResponse", Map.of("panelResponse", "AGREE_NO_REVIEW",
                "responseReceivedOn", stack.today().toString()));
        stack.complete("review-panel.north", s1, "LcsprDecision", Map.of("improvementsNeeded", false,
                "recurrentThemes", false, "multiAgencyConcern", false, "panelSuggestedLocal", false,
                "lcsprDecision", "NO_REVIEW", "decisionMakerRole", "SAFEGUARDING_PARTNERS",
                "record.rationale", "No multi-agency learning beyond the rapid review."));
        stack.walkTo(day("2025-09-17"));

        assertThat(stack.assertProjectionsMatchEvents(s1)).contains("opened", "deadline.met", "decision.recorded");
        assertThat(stack.assertProjectionsMatchEvents(s2)).contains("opened", "decision.recorded", "closed");
        assertThat(stack.assertProjectionsMatchEvents(scr)).contains("opened", "decision.recorded");
        // R1 counts five working days from the local authority knowing (Fri 22 Aug) without the bank holiday
        assertThat(stack.strings("reporting", "SELECT due_on || ' ' || state FROM deadline WHERE case_pseudonym = ? "
                + "AND timescale = 'R1'", stack.pseudonym(s1))).containsExactly("2025-09-01 MET");

        assertThat(rows(stack.annual("review", day("2025-08-01"), day("2025-10-31")))).containsExactly(
                "review.referrals.by-process-version CSPR-WT2018 2",
                "review.referrals.by-process-version SCR-WT2013 1",
                "review.referrals.by-process-version total 3",
                "review.referrals.by-case-type SERIOUS_CASE_REVIEW 1",
                "review.referrals.by-case-type SERIOUS_INCIDENT 2",
                "review.referrals.by-case-type total 3",
                // S1's notification to the Panel and its rapid review sent
                "review.notices rapid-review:rapid-review 1",
                "review.notices sin-submitted:sin-submitted 1",
                "review.notices total 2",
                "review.decisions cspr-lcspr-decision:NO_REVIEW 1",
                "review.decisions cspr-rapid-review:NO_LCSPR 1",
                // the threshold form is criteria only: met (S1) and not met (S2) look alike here
                "review.decisions cspr-sin-threshold:some-criteria-met 2",
                "review.decisions scr-chair-decision:SCR_NOT_INITIATED_CRITERIA_NOT_MET 1",
                "review.decisions scr-subgroup-recommendation:SCR_NOT_INITIATED_CRITERIA_NOT_MET 1",
                "review.decisions total 6",
                "review.rapid-reviews-completed total 1",
                "review.lcspr-published total 0",
                "review.scr-published total 0",
                // the SCR, and the serious incident D2's review raised in June (still at its threshold decision)
                "review.in-progress-at-period-end total 2",
                "review.closed.by-reason no-lcspr 1",
                "review.closed.by-reason sin-not-required 1",
                "review.closed.by-reason total 2",
                // S1 told the Panel on the fifth working day, Mon 1 Sep, because Mon 25 Aug was a bank holiday
                "review.timescale-met R1 1 of 1 = 100.0%",
                // both threshold decisions on the day the notification came
                "review.timescale-met R1a 2 of 2 = 100.0%",
                // S1's rapid review on the 7th working day after the notification, the Panel's reply 5 days later
                "review.timescale-met R2 1 of 1 = 100.0%",
                "review.timescale-met R2b 1 of 1 = 100.0%",
                // the SCR's subgroup and chair on the day of the referral; the Panel never told of the decision
                "review.timescale-met T2 1 of 1 = 100.0%",
                "review.timescale-met T3 1 of 1 = 100.0%",
                "review.timescale-met T4 0 of 1 = 0.0%");
    }

    // ------------------------------------------------------------------------------------------------ alerts

    /**
     * {@code --mail}: reporting's alerts are on and mailed to the embedded server. LADO case B's escalations (raised
     * when its deadlines passed) were never answered, so the LADO team's manager gets one
     * {@code escalation-unanswered} email for each, with codes, days and the case pseudonym only, read over IMAP.
     */
    @Test
    @Order(4)
    void unansweredEscalationsAreMailedToTheManager() {
        String b = ladoCaseB;
        String pseudonym = stack.pseudonym(b);
        List<String> escalations = stack.strings("reporting", "SELECT created_on::text FROM stage WHERE case_pseudonym = ? "
                + "AND task_type = 'Escalate' AND state IN ('OPEN', 'ASSIGNED') ORDER BY created_on", pseudonym);
        assertThat(escalations).as("B's unanswered escalations").isNotEmpty();
        // the check runs every minute, the first a minute after the start
        List<String> mails = org.awaitility.Awaitility.await("B's escalation alerts in the manager's inbox")
                .atMost(java.time.Duration.ofMinutes(3)).pollInterval(java.time.Duration.ofSeconds(2))
                .until(() -> stack.inbox(StackDriver.TENANT).stream()
                        .filter(m -> m.contains("kind: escalation-unanswered") && m.contains("case: " + pseudonym))
                        .toList(), l -> l.size() >= escalations.size());
        assertThat(mails).hasSameSizeAs(escalations).allSatisfy(m -> assertThat(m)
                .contains("Subject: [demo-north LADO] Escalation unanswered", "caseType: LADO_ALLEGATION",
                        "taskType: Escalate", "thresholdWorkingDays: 2")
                .doesNotContain("Quennell", "Pembleton", "Wolstenholme", "Haverstock", b));
        assertThat(mails).extracting(m -> m.replaceAll("(?s).*createdOn: (\\S+).*", "$1"))
                .containsExactlyInAnyOrderElementsOf(escalations);
        assertThat(stack.inbox("demo-south")).as("the other partnership's manager").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ tables

    /** Each row of a table as "metric breakdown count[ of base = percent%][ median m mean a]". */
    private static List<String> rows(Map<String, JsonNode> table) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode row : table.values()) {
            StringBuilder b = new StringBuilder(row.path("metric").asText()).append(' ')
                    .append(row.path("breakdown").asText()).append(' ').append(row.path("count").asText());
            if (!row.path("base").isNull()) {
                b.append(" of ").append(row.path("base").asText()).append(" = ")
                        .append(row.path("percent").isNull() ? "-" : row.path("percent").decimalValue().toPlainString())
                        .append('%');
            }
            if (!row.path("median").isNull() || !row.path("mean").isNull()) {
                b.append(" median ").append(row.path("median").asText()).append(" mean ").append(row.path("mean").asText());
            }
            out.add(b.toString());
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ form values

    private static Map<String, Object> consideration(String route) {
        Map<String, Object> v = new HashMap<>();
        v.put("withinScope", true);
        v.put("harmTestLimb1", true);
        v.put("harmTestLimb2", false);
        v.put("harmTestLimb3", false);
        v.put("harmTestLimb4", false);
        v.put("abuseCategory", "PHYSICAL");
        v.put("immediateSafeguardingConcern", false);
        v.put("significantHarmSuspected", false);
        v.put("route", route);
        v.put("decisionMakerRole", "LADO");
        v.put("record.rationale", "Harm test limb 1 met; route agreed with the case manager.");
        return v;
    }

    /** A position of trust meeting that needs no strand, held on {@code heldOn}. */
    private static Map<String, Object> potMeeting(LocalDate heldOn) {
        Map<String, Object> v = new HashMap<>();
        v.put("policeStrand", false);
        v.put("cscStrand", false);
        v.put("employerStrand", false);
        v.put("suspension", "ALTERNATIVES");
        v.put("meetingHeldOn", heldOn.toString());
        v.put("decisionMakerRole", "LADO");
        v.put("record.rationale", "Strands agreed; alternatives to suspension considered first.");
        return v;
    }

    private static Map<String, Object> outcome(String finding, String disposal) {
        Map<String, Object> v = new HashMap<>();
        v.put("finding", finding);
        v.put("disposal", disposal);
        v.put("referDbs", true);
        v.put("referTra", false);
        v.put("referRegulator", false);
        v.put("referOfsted", false);
        v.put("decisionMakerRole", "LADO_MANAGER");
        v.put("record.rationale", "Finding agreed at the outcome meeting.");
        return v;
    }

    private static Map<String, Object> resolution(String disposal) {
        Map<String, Object> v = new HashMap<>();
        v.put("disposal", disposal);
        v.put("clearlyUnsubstantiatedOrMalicious", true);
        v.put("decisionMakerRole", "LADO");
        v.put("record.rationale", "Resolved at initial consideration.");
        return v;
    }

    private static Map<String, Object> closure(LocalDate closedOn) {
        return Map.of("lessonsLearned", true, "closedOn", closedOn.toString(),
                "record.lessons", "Induction to cover the code of conduct on physical intervention.");
    }

    private static Map<String, Object> determination(boolean expected, boolean jar) {
        Map<String, Object> v = new HashMap<>();
        v.put("expectedDeath", expected);
        v.put("externalCauses", jar);
        v.put("suddenNoApparentCause", false);
        v.put("custodyOrDetention", false);
        v.put("suspiciousCircumstances", false);
        v.put("unattendedStillbirth", false);
        v.put("postMortemRequired", false);
        v.put("decisionMakerRole", "DESIGNATED_DOCTOR");
        v.put("record.rationale", "Decided with the on-call paediatrician and police on the facts known at the time.");
        return v;
    }

    private static Map<String, Object> informationSharing(LocalDate heldOn) {
        Map<String, Object> v = new HashMap<>();
        v.put("discussionHeldOn", heldOn.toString());
        v.put("coronerInformed", true);
        v.put("cscInformed", true);
        v.put("s47StrategyMeetingNeeded", false);
        v.put("abuseOrNeglectSuspected", false);
        v.put("decisionMakerRole", "DESIGNATED_DOCTOR");
        v.put("record.rationale", "Agreed at the information-sharing discussion.");
        return v;
    }

    private static Map<String, Object> cdrm(LocalDate heldOn) {
        return Map.of("cdrmHeldOn", heldOn.toString(), "analysisFormDrafted", true, "waitForParallelProcesses", false);
    }

    private Map<String, Object> cdopReview(String category, String factors, boolean abuse) {
        Map<String, Object> v = new HashMap<>();
        v.put("categoryOfDeath", category);
        v.put("cdopReviewHeldOn", stack.today().toString());
        v.put("modifiableFactors", factors);
        v.put("abuseOrNeglectSuspected", abuse);
        v.put("learningIdentified", true);
        v.put("recommendationsMade", false);
        v.put("decisionMakerRole", "CDOP_CHAIR");
        v.put("record.rationale", "Ratified by the panel on the analysis form.");
        return v;
    }

    private static Map<String, Object> threshold(boolean met) {
        Map<String, Object> v = new HashMap<>();
        v.put("abuseOrNeglectKnownOrSuspected", met);
        v.put("childDied", false);
        v.put("childSeriouslyHarmed", true);
        v.put("incidentInArea", true);
        v.put("residentHarmedOutsideEngland", false);
        v.put("lookedAfterChildDied", false);
        v.put("decisionMakerRole", "SAFEGUARDING_PARTNERS");
        v.put("record.rationale", "Partners agreed after reading the chronology from health visiting.");
        return v;
    }

    /** The SCR screening criteria of a referral with definitive evidence of no concern about working together. */
    private static Map<String, Object> scrDecision(String field, String decision, String role) {
        Map<String, Object> v = new HashMap<>();
        v.put("abuseOrNeglectKnownOrSuspected", true);
        v.put("childDied", false);
        v.put("childSeriouslyHarmed", true);
        v.put("concernAboutWorkingTogether", false);
        v.put("diedInCustody", false);
        v.put("detainedUnderMentalHealthAct", false);
        v.put("deprivationOfLibertyOrder", false);
        v.put(field, decision);
        v.put("decisionMakerRole", role);
        v.put("record.rationale", "Agencies worked well together; single-agency learning only.");
        return v;
    }
}
