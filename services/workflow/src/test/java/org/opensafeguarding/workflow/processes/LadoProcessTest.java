package org.opensafeguarding.workflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.api.search.enums.IncidentErrorType;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.engine.ProcessModelDeployer;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.CaseEvent;
import org.opensafeguarding.workflow.processes.support.LadoSteps;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** LADO allegation (bpmn/lado-allegation.bpmn) through the real intake, workers and engine. */
class LadoProcessTest extends ProcessTestSupport {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Autowired
    ProcessModelDeployer deployer;

    @Test
    void aReferralOpensTheCasePinsTheKcsieEditionSetsItsDeadlinesAndWaitsForInitialConsideration() {
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);

        UserTask first = harness.awaitUserTask(lado, "InitialConsideration");
        harness.awaitQuiet(lado);
        assertThat(first.getCandidateGroups()).containsExactly("lado");
        // =now() + duration(defaultTaskTurnaround): Mon 4 Mar 2024 + P5D
        assertThat(first.getDueDate().toLocalDate()).isEqualTo(LocalDate.of(2024, 3, 9));
        assertThat(harness.completedElements(lado)).contains("Start_ReferralReceived", "OpenCase", "ComputeDeadlines",
                "Gw_L1", "Split_FollowUp", "Gw_Verbal", "End_AlreadyWritten");
        assertThat(harness.hasCompleted(lado, "Emit_L1")).as("no L1 check without the allegation's date").isFalse();
        assertThat(harness.incidents(lado)).isEmpty();

        Map<String, JsonNode> variables = harness.variables(lado);
        assertThat(variables.get("processVersion").asText()).isEqualTo("LADO-WT2018");
        assertThat(variables.get("kcsieEdition").asText()).isEqualTo("KCSIE-LATER");
        assertThat(variables.get("harmTestLimb4Applies").asBoolean()).isTrue();
        assertThat(variables.get("findingOptions")).hasSize(5);
        assertThat(variables.get("defaultTaskTurnaround").asText()).isEqualTo("P5D");
        assertThat(variables.get("referralChannel").asText()).isEqualTo("WRITTEN");
        // a written referral owes no written follow-up; the meeting (L2a/L2b) and NFA (L8a) deadlines wait for the route
        assertThat(variables.getOrDefault("dueL1a", TestReferrals.JSON.nullNode()).isNull()).isTrue();
        assertThat(variables).doesNotContainKeys("dueL2b", "dueL8a");
        assertThat(variables.get("dueL8b1").asText()).isEqualTo("2024-04-04T23:59:59+01:00");
        assertThat(variables.get("breachAtL8b1").asText()).isEqualTo("2024-04-05T00:00:00+01:00");
        assertThat(variables.get("dueL8b3").asText()).isEqualTo("2024-06-04T23:59:59+01:00");
        assertThat(variables.get("dueL8b12").asText()).isEqualTo("2025-03-04T23:59:59Z");
        assertThat(variables.getOrDefault("dueL1", TestReferrals.JSON.nullNode()).isNull()).isTrue();
        // ids, flags, codes and dates only: nothing from the referral's personal data reached the engine
        for (String sensitive : TestReferrals.sensitiveValues(lado.referral().get("data"))) {
            assertThat(variables.values()).noneMatch(v -> v.toString().contains(sensitive));
        }

        assertThat(harness.deadlines(lado)).extracting(Deadlines.Deadline::timescaleId, Deadlines.Deadline::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("L8b1", "OPEN"),
                        org.assertj.core.groups.Tuple.tuple("L8b3", "OPEN"), org.assertj.core.groups.Tuple.tuple("L8b12", "OPEN"));
        assertThat(harness.events(lado, "deadline.set")).extracting(e -> e.text("timescale") + " " + e.text("dueOn"))
                .containsExactlyInAnyOrder("L8b1 2024-04-04", "L8b3 2024-06-04", "L8b12 2025-03-04");
        assertThat(harness.events(lado, "opened")).hasSize(1);
        assertThat(harness.jdbc().sql("SELECT process_instance_key FROM case_file WHERE id = :id")
                .param("id", lado.caseId().value()).query(Long.class).single()).isEqualTo(lado.processInstanceKey());
        harness.assertEventsPseudonymised(lado);
    }

    @Test
    void aPositionOfTrustMeetingNotHeldWithinFiveWorkingDaysIsBreachedAndEscalatedToTheLadoManager() {
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION);
        harness.completeAsCaseworker(lado, "InitialConsideration", LadoSteps.consideration("MEETING", false, false));

        UserTask meeting = harness.awaitUserTask(lado, "PotMeeting");
        harness.awaitQuiet(lado);
        assertThat(meeting.getDueDate().toInstant()).isEqualTo(Instant.parse("2024-03-11T23:59:59Z"));
        assertThat(harness.deadline(lado, "L2a")).as("no immediate concern: no 72-hour deadline").isEmpty();
        assertThat(harness.deadline(lado, "L2b")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("OPEN"));
        assertThat(harness.events(lado, "deadline.breached")).isEmpty();

        harness.advanceClockTo(Instant.parse("2024-03-12T00:00:05Z"));

        UserTask escalation = harness.awaitEscalation(lado, "L2b", "lado-manager", "Emit_L2_PotMeeting");
        assertThat(harness.escalationVariables(escalation).get("dueAt").asText()).isEqualTo("2024-03-11T23:59:59Z");
        // due after the partnership's escalation turnaround (P2D), from the breach
        assertThat(escalation.getDueDate().toInstant()).isBetween(Instant.parse("2024-03-14T00:00:05Z"),
                Instant.parse("2024-03-14T00:01:00Z"));
        CaseEvent breached = harness.awaitEvent(lado, "deadline.breached", data -> "L2b".equals(data.path("timescale").asText()));
        assertThat(breached.text("dueOn")).isEqualTo("2024-03-11");
        assertThat(breached.text("occurredOn")).isEqualTo("2024-03-12");
        assertThat(harness.deadline(lado, "L2b")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("BREACHED"));
        assertThat(harness.completedElements(lado)).containsSubsequence("Timer_L2_PotMeeting", "Emit_L2_PotMeeting",
                "EscalationDone_L2_PotMeeting");
        // a breach never blocks the case: the meeting task is still open, the escalation is not in the case's
        // instance, and nothing else was breached
        assertThat(harness.openUserTasks(lado)).extracting(UserTask::getElementId).containsExactly("PotMeeting");
        assertThat(harness.events(lado, "deadline.breached")).hasSize(1);
        harness.assertEventsPseudonymised(lado);
    }

    /**
     * One due date per duty: the task's due date (what the tasklist shows), the {@code case_deadline} row and the
     * {@code deadline.set} / {@code task.created} events say the same, for working days (L2b), hours (L2a), weeks
     * (L3) and months (L8b1), across a weekend, Easter and both clock changes.
     */
    @ParameterizedTest(name = "received {0}, immediate concern {1}")
    @CsvSource({
            // Fri: L2b over the weekend to Fri 15 Mar; L3 4 weeks over the spring change; L8b1 1 month into BST
            "2024-03-08T10:00:00Z, false, 2024-03-15T23:59:59Z, 2024-04-05T23:59:59+01:00, 2024-04-08T23:59:59+01:00",
            // Thu before Easter: Good Friday, the weekend with the clock change, Easter Monday: L2b on Mon 8 Apr
            "2024-03-28T10:00:00Z, false, 2024-04-08T23:59:59+01:00, 2024-04-25T23:59:59+01:00, 2024-04-28T23:59:59+01:00",
            // Thu before Easter, urgent: 72 real hours to Sun 31 Mar 10:00 UTC, 11:00 BST after the change
            "2024-03-28T10:00:00Z, true, 2024-03-31T10:59:59+01:00, 2024-04-25T23:59:59+01:00, 2024-04-28T23:59:59+01:00",
            // Fri before the autumn change, urgent: 72 h from 10:00 BST is Mon 09:00 GMT
            "2024-10-25T09:00:00Z, true, 2024-10-28T08:59:59Z, 2024-11-22T23:59:59Z, 2024-11-25T23:59:59Z"})
    void theTaskTheDeadlineRowAndTheEventsShowTheSameDueDate(Instant received, boolean urgent, String meetingDue,
                                                             String policeReviewDue, String oneMonthDue) {
        harness.setClock(received);
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION,
                d -> d.put("receivedDate", LocalDate.ofInstant(received, LONDON).toString()));
        harness.completeUserTask(lado, "InitialConsideration", LadoSteps.routing(LadoSteps.consideration("MEETING", urgent,
                false)));
        UserTask meeting = harness.awaitUserTask(lado, "PotMeeting");
        harness.awaitQuiet(lado);
        String meetingTimescale = urgent ? "L2a" : "L2b";
        // hours run from the moment ComputeMeeting ran, which the ticking clock puts a moment after the referral
        assertThat(meeting.getDueDate().toInstant()).isBetween(OffsetDateTime.parse(meetingDue).toInstant(),
                OffsetDateTime.parse(meetingDue).toInstant().plusSeconds(urgent ? 60 : 0));
        assertSameDueDate(lado, meetingTimescale, meeting);
        assertThat(harness.deadline(lado, urgent ? "L2b" : "L2a")).as("one meeting deadline").isEmpty();

        harness.completeUserTask(lado, "PotMeeting", Map.of("policeStrand", true, "cscStrand", false,
                "employerStrand", false, "suspension", "NONE", "decisionMakerRole", "LADO"));
        UserTask review = harness.awaitUserTask(lado, "PoliceReview");
        harness.awaitQuiet(lado);
        assertThat(review.getDueDate().toInstant()).isEqualTo(OffsetDateTime.parse(policeReviewDue).toInstant());
        assertSameDueDate(lado, "L3", review);

        // months: no task shows L8b1 (its timer is on the whole allegation); the row and the event agree
        Instant oneMonth = OffsetDateTime.parse(oneMonthDue).toInstant();
        assertThat(harness.deadline(lado, "L8b1")).hasValueSatisfying(d -> assertThat(d.dueAt()).isEqualTo(oneMonth));
        assertThat(harness.awaitEvent(lado, "deadline.set", d -> "L8b1".equals(d.path("timescale").asText()))
                .text("dueOn")).isEqualTo(LocalDate.ofInstant(oneMonth, LONDON).toString());
        harness.assertEventsPseudonymised(lado);
    }

    private void assertSameDueDate(ProcessCase lado, String timescale, UserTask task) {
        Instant taskDue = task.getDueDate().toInstant();
        String day = LocalDate.ofInstant(taskDue, LONDON).toString();
        assertThat(harness.deadline(lado, timescale)).as("%s row", timescale)
                .hasValueSatisfying(d -> assertThat(d.dueAt()).isEqualTo(taskDue));
        assertThat(harness.awaitEvent(lado, "deadline.set", d -> timescale.equals(d.path("timescale").asText()))
                .text("dueOn")).as("%s deadline.set", timescale).isEqualTo(day);
        assertThat(harness.awaitEvent(lado, "task.created", d -> task.getElementId().equals(d.path("taskType").asText()))
                .text("dueOn")).as("%s task.created", timescale).isEqualTo(day);
    }

    @Test
    void aFindingThePinnedKcsieEditionDoesNotHaveBecomesAnIncidentAndTheCaseRecoversOnceItIsCorrected() {
        // a 2017 referral: LADO-WT2013, pinned to the 2016-era KCSIE outcomes, which have no UNFOUNDED
        harness.setClock(Instant.parse("2017-03-06T09:30:00Z"));
        ProcessCase lado = harness.startCase(ReferralKind.LADO_ALLEGATION, data -> {
            data.put("receivedDate", "2017-03-06");
            // intake refuses an incident after the referral (date-order) or in the clock's future
            ((com.fasterxml.jackson.databind.node.ObjectNode) data.get("allegation")).put("incidentDate", "2017-03-01");
        });
        harness.completeAsCaseworker(lado, "InitialConsideration", LadoSteps.consideration("MEETING", false, false));
        assertThat(harness.variable(lado, "kcsieEdition").asText()).isEqualTo("KCSIE-2016");
        assertThat(harness.variable(lado, "processVersion").asText()).isEqualTo("LADO-WT2013");
        harness.completeUserTask(lado, "PotMeeting", Map.of("policeStrand", false, "cscStrand", false,
                "employerStrand", false, "suspension", "NONE", "meetingHeldOn", "2017-03-08", "decisionMakerRole", "LADO"));
        harness.completeUserTask(lado, "OutcomeMeeting", Map.of("finding", "UNFOUNDED", "disposal", "NFA",
                "referDbs", false, "referTra", false, "referRegulator", false, "referOfsted", false,
                "decisionMakerRole", "LADO"));

        Incident incident = harness.awaitIncident(lado, "RecordOutcome");
        assertThat(incident.getErrorType()).isEqualTo(IncidentErrorType.JOB_NO_RETRIES);
        assertThat(incident.getErrorMessage()).isEqualTo("lado.record-outcome at RecordOutcome: finding: 'UNFOUNDED' is"
                + " not an outcome under KCSIE-2016, the KCSIE edition pinned on the case (DOMAIN §5.6); allowed:"
                + " SUBSTANTIATED, MALICIOUS, FALSE, UNSUBSTANTIATED");
        assertThat(harness.events(lado, "outcome.recorded")).isEmpty();
        assertThat(harness.openUserTasks(lado)).isEmpty();

        // the LADO corrects the finding; an operator resolves the incident and the job runs again
        harness.setVariables(incident.getElementInstanceKey(), Map.of("finding", "UNSUBSTANTIATED"));
        harness.resolveIncident(incident);

        harness.awaitUserTask(lado, "WrittenFeedback");
        assertThat(harness.incidents(lado)).isEmpty();
        assertThat(harness.events(lado, "outcome.recorded")).extracting(e -> e.text("outcomeType") + "=" + e.text("outcome"))
                .containsExactly("kcsie-finding=UNSUBSTANTIATED", "lado-disposal=NFA");
        assertThat(harness.jdbc().sql("SELECT kcsie_edition || '/' || finding FROM lado_case WHERE case_id = :id")
                .param("id", lado.caseId().value()).query(String.class).single()).isEqualTo("KCSIE-2016/UNSUBSTANTIATED");
        // the feedback deadline runs from the recovered step, in 2017
        assertThat(harness.deadline(lado, "L7")).hasValueSatisfying(d ->
                assertThat(d.dueAt().atOffset(ZoneOffset.UTC).getYear()).isEqualTo(2017));
        harness.assertEventsPseudonymised(lado);
    }

    @Test
    void theServiceDeployedTheRealModelsAndDeployingThemAgainCreatesNoNewVersion() {
        Map<String, Integer> before = deployer.versions();
        assertThat(before).containsKeys(ProcessIds.LADO_ALLEGATION, ProcessIds.CHILD_DEATH_REVIEW,
                ProcessIds.SCR_REFERRAL, ProcessIds.PRACTICE_REVIEW);

        deployer.deploy();

        assertThat(deployer.versions()).isEqualTo(before);
        List<String> latest = harness.client().newProcessDefinitionSearchRequest()
                .filter(f -> f.processDefinitionId(ProcessIds.LADO_ALLEGATION)).send().join().items().stream()
                .map(d -> d.getProcessDefinitionId() + ":" + d.getVersion()).toList();
        assertThat(latest).containsExactly(ProcessIds.LADO_ALLEGATION + ":" + before.get(ProcessIds.LADO_ALLEGATION));
    }
}
