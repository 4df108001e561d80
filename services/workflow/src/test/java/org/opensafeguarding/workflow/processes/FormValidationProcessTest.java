package org.opensafeguarding.workflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.lado.KcsieProperties;
import org.opensafeguarding.workflow.lado.KcsieProperties.Edition;
import org.opensafeguarding.workflow.processes.support.CaseEvent;
import org.opensafeguarding.workflow.processes.support.LadoSteps;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessHarness.Answer;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opensafeguarding.workflow.processes.support.LadoSteps.routing;

/**
 * What the tasklist refuses before the engine sees it (docs/tasklist.md, "Validation"), through the real tasklist
 * API with a caseworker's token, the real LADO model, its workers and the engine: values the worker behind a task
 * would refuse are a 400 naming the field and the rule, the task stays open and no incident appears; business dates
 * are bounded by the case and the clock, decide the deadline, and go on the case events.
 */
class FormValidationProcessTest extends ProcessTestSupport {

    @Autowired
    KcsieProperties kcsie;

    /** Every finding any edition has, tried on a case pinned to each edition. */
    static Stream<Arguments> everyFindingOnEveryPinnedEdition() {
        Set<String> findings = new LinkedHashSet<>();
        KcsieProperties.DEFAULT_EDITIONS.forEach(e -> findings.addAll(e.findings()));
        return KcsieProperties.DEFAULT_EDITIONS.stream()
                .flatMap(pinned -> findings.stream().map(finding -> Arguments.of(pinned.id(), finding)));
    }

    @ParameterizedTest(name = "pinned {0}, finding {1}")
    @MethodSource("everyFindingOnEveryPinnedEdition")
    void aFindingIsAcceptedIffTheCasesPinnedKcsieEditionHasItAndRefusedOnesNeverBecomeAnIncident(String pinnedId,
                                                                                                String finding) {
        assertThat(kcsie.editions()).as("the service runs with the editions this test tries")
                .isEqualTo(KcsieProperties.DEFAULT_EDITIONS);
        Edition pinned = KcsieProperties.DEFAULT_EDITIONS.stream().filter(e -> e.id().equals(pinnedId)).findFirst()
                .orElseThrow();
        // a referral received on the first day of the edition (the first edition: a 2017 referral)
        LocalDate received = pinned.from() == null ? LocalDate.of(2017, 3, 6) : pinned.from();
        harness.setClock(Instant.parse(received + "T09:30:00Z"));
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION, receivedOn(received));
        harness.completeUserTask(lado, "InitialConsideration", routing(LadoSteps.consideration("MEETING", false, false)));
        harness.completeUserTask(lado, "PotMeeting", routing(LadoSteps.potMeeting(false, false, false, null,
                harness.today())));
        assertThat(harness.variable(lado, "kcsieEdition").asText()).isEqualTo(pinnedId);
        UserTask outcome = harness.awaitUserTask(lado, "OutcomeMeeting");

        Answer answer = harness.submitAsCaseworker(outcome, LadoSteps.outcome(finding, "NFA", false, false, false, false));

        if (pinned.findings().contains(finding)) {
            assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
            assertThat(answer.body().path("status").asText()).isEqualTo("COMPLETED");
            harness.awaitUserTask(lado, "WrittenFeedback");
            harness.awaitQuiet(lado);
            assertThat(harness.incidents(lado)).isEmpty();
            assertThat(harness.events(lado, "outcome.recorded")).extracting(e -> e.text("outcome")).contains(finding);
            return;
        }
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(400);
        assertThat(answer.body().path("code").asText()).isEqualTo("form-invalid");
        assertThat(answer.body().path("errors")).singleElement().satisfies(error -> {
            assertThat(error.path("field").asText()).isEqualTo("finding");
            assertThat(error.path("rule").asText()).isEqualTo("kcsie-edition");
            assertThat(error.path("message").asText()).contains(pinnedId).doesNotContain("'" + finding + "'");
        });
        // nothing reached the engine: the task is open there and here, nothing was recorded, no incident
        assertThat(harness.client().newUserTaskGetRequest(outcome.getUserTaskKey()).send().join().getState())
                .isEqualTo(UserTaskState.CREATED);
        assertThat(harness.jdbc().sql("SELECT status FROM case_task WHERE task_key = :k")
                .param("k", outcome.getUserTaskKey()).query(String.class).single()).isEqualTo("OPEN");
        assertThat(harness.jdbc().sql("SELECT count(*) FROM task_completion WHERE task_key = :k")
                .param("k", outcome.getUserTaskKey()).query(Long.class).single()).isZero();
        harness.awaitQuiet(lado);
        assertThat(harness.incidents(lado)).isEmpty();
        assertThat(harness.events(lado, "outcome.recorded")).isEmpty();
        assertThat(harness.openUserTasks(lado)).extracting(UserTask::getElementId).containsExactly("OutcomeMeeting");

        // the LADO picks a finding of the pinned edition and the case goes on
        Answer corrected = harness.submitAsCaseworker(outcome, LadoSteps.outcome(pinned.findings().get(0), "NFA",
                false, false, false, false));
        assertThat(corrected.status()).as("%s", corrected.body()).isEqualTo(200);
        harness.awaitUserTask(lado, "WrittenFeedback");
        assertThat(harness.incidents(lado)).isEmpty();
        harness.assertEventsPseudonymised(lado);
    }

    @Test
    void anOptionTheFormDoesNotHaveAndALimbTheEditionDoesNotHaveAreRefusedWithTheirField() {
        harness.setClock(Instant.parse("2017-03-06T09:30:00Z"));
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION, receivedOn(LocalDate.of(2017, 3, 6)));
        UserTask consideration = harness.awaitUserTask(lado, "InitialConsideration");

        Map<String, Object> offList = new HashMap<>(LadoSteps.consideration("MEETING", false, false));
        offList.put("route", "REFER_TO_THE_MOON");
        offList.put("abuseCategory", "NOT_A_CATEGORY");
        Answer refused = harness.submitAsCaseworker(consideration, offList);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(rules(refused)).containsExactlyInAnyOrder("route:enum", "abuseCategory:enum");
        assertThat(refused.body().toString()).doesNotContain("REFER_TO_THE_MOON").doesNotContain("NOT_A_CATEGORY");

        // KCSIE-2016 has no fourth limb (the form hides it): meeting it is refused, not-met passes
        Map<String, Object> limb4 = new HashMap<>(LadoSteps.consideration("MEETING", false, false));
        limb4.put("harmTestLimb4", true);
        Answer noLimb4 = harness.submitAsCaseworker(consideration, limb4);
        assertThat(noLimb4.status()).isEqualTo(400);
        assertThat(rules(noLimb4)).containsExactly("harmTestLimb4:kcsie-edition");

        assertThat(harness.jdbc().sql("SELECT count(*) FROM task_completion WHERE task_key = :k")
                .param("k", consideration.getUserTaskKey()).query(Long.class).single()).isZero();
        harness.completeAsCaseworker(consideration, LadoSteps.consideration("MEETING", false, false));
        harness.awaitUserTask(lado, "PotMeeting");
        assertThat(harness.incidents(lado)).isEmpty();
    }

    @Test
    void aMeetingDateInTheFutureOrBeforeTheReferralIsRefusedWithTheField() {
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.completeUserTask(lado, "InitialConsideration", routing(LadoSteps.consideration("MEETING", false, false)));
        UserTask meeting = harness.awaitUserTask(lado, "PotMeeting");

        // Mon 4 Mar 2024: the referral came in today
        Map<String, String> tried = Map.of("2024-03-05", "not-in-future", "2999-12-31", "not-in-future",
                "2024-03-03", "not-before-case", "04/03/2024", "format");
        tried.forEach((heldOn, rule) -> {
            Answer answer = harness.submitAsCaseworker(meeting, LadoSteps.potMeeting(false, false, false, null, heldOn));
            assertThat(answer.status()).as("%s: %s", heldOn, answer.body()).isEqualTo(400);
            assertThat(rules(answer)).as(heldOn).containsExactly("meetingHeldOn:" + rule);
            assertThat(answer.body().toString()).doesNotContain(heldOn);
        });

        // (the initial consideration, completed at the engine above, may be mirrored as completed meanwhile)
        assertThat(harness.events(lado)).filteredOn(e -> !"InitialConsideration".equals(e.text("taskType")))
                .extracting(CaseEvent::type)
                .doesNotContain("task.completed", "decision.recorded", "deadline.met", "deadline.breached");
        assertThat(harness.deadline(lado, "L2b")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("OPEN"));
        harness.completeAsCaseworker(meeting, LadoSteps.potMeeting(false, false, false, null, "2024-03-04"));
        assertThat(harness.deadline(lado, "L2b")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));
    }

    @Test
    void aMeetingHeldWithinFiveWorkingDaysButRecordedAfterTheBreachCountsAsMetWithItsDateOnTheEvents() {
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.completeUserTask(lado, "InitialConsideration", routing(LadoSteps.consideration("MEETING", false, false)));
        UserTask meeting = harness.awaitUserTask(lado, "PotMeeting");
        harness.awaitQuiet(lado);
        // L2b: 5 working days from Mon 4 Mar, last day on time Mon 11 Mar; the timer fires at the start of Tue 12
        harness.advanceClockTo(Instant.parse("2024-03-13T10:00:00Z"));
        harness.awaitEscalation(lado, "L2b", "lado-manager", "Emit_L2_PotMeeting");
        assertThat(harness.deadline(lado, "L2b")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));

        // the meeting was held on Fri 8 Mar (day 4) and is recorded on Wed 13 Mar
        JsonNode done = harness.completeAsCaseworker(meeting, LadoSteps.potMeeting(false, false, false, null, "2024-03-08"));

        assertThat(done.path("deadlinesMet")).extracting(JsonNode::asText).containsExactly("L2b");
        assertThat(harness.deadline(lado, "L2b")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("MET"));
        List<CaseEvent> l2b = harness.events(lado).stream()
                .filter(e -> e.type().startsWith("deadline.") && "L2b".equals(e.text("timescale"))).toList();
        assertThat(l2b).extracting(CaseEvent::type).containsExactly("deadline.set", "deadline.breached", "deadline.met");
        CaseEvent met = l2b.get(2);
        assertThat(met.text("dueOn")).isEqualTo("2024-03-11");
        assertThat(met.text("doneOn")).isEqualTo("2024-03-08");
        assertThat(met.data().path("recordedLate").asBoolean()).isTrue();
        assertThat(met.text("occurredOn")).isEqualTo("2024-03-13");
        CaseEvent completed = harness.events(lado, "task.completed").stream()
                .filter(e -> e.data().has("businessDates")).findFirst().orElseThrow();
        assertThat(completed.data().path("businessDates")).isEqualTo(
                org.opensafeguarding.workflow.support.TestReferrals.JSON.createObjectNode().put("meetingHeldOn", "2024-03-08"));
        harness.assertEventsPseudonymised(lado);
    }

    @Test
    void aMeetingHeldAfterItsLastDayStaysBreachedHoweverItIsRecorded() {
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.completeUserTask(lado, "InitialConsideration", routing(LadoSteps.consideration("MEETING", false, false)));
        UserTask meeting = harness.awaitUserTask(lado, "PotMeeting");
        harness.awaitQuiet(lado);
        harness.advanceClockTo(Instant.parse("2024-03-13T10:00:00Z"));
        harness.awaitEscalation(lado, "L2b", "lado-manager", "Emit_L2_PotMeeting");

        JsonNode done = harness.completeAsCaseworker(meeting, LadoSteps.potMeeting(false, false, false, null, "2024-03-12"));

        assertThat(done.path("deadlinesMet")).isEmpty();
        assertThat(harness.deadline(lado, "L2b")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        assertThat(harness.events(lado, "deadline.met")).isEmpty();
        assertThat(harness.events(lado, "task.completed")).anySatisfy(e ->
                assertThat(e.data().at("/businessDates/meetingHeldOn").asText()).isEqualTo("2024-03-12"));
        harness.assertEventsPseudonymised(lado);
    }

    private static List<String> rules(Answer answer) {
        return answer.body().path("errors").findValues("field").stream().map(JsonNode::asText)
                .map(field -> field + ":" + ruleOf(answer, field)).toList();
    }

    private static String ruleOf(Answer answer, String field) {
        for (JsonNode e : answer.body().path("errors")) {
            if (field.equals(e.path("field").asText())) {
                return e.path("rule").asText();
            }
        }
        return "";
    }

    /** The fixture's referral, received on that day about an incident three days before (intake refuses a future one). */
    private static java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> receivedOn(LocalDate day) {
        return d -> {
            d.put("receivedDate", day.toString());
            ((com.fasterxml.jackson.databind.node.ObjectNode) d.get("allegation")).put("incidentDate",
                    day.minusDays(3).toString());
        };
    }
}
