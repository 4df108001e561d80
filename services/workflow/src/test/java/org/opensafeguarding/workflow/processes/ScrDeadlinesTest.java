package org.opensafeguarding.workflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.CaseEvent;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;
import org.opensafeguarding.workflow.processes.support.ScrSteps;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.criteriaMet;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.escalation;
import static org.opensafeguarding.workflow.processes.support.ScrSteps.subgroupRecommendation;

/**
 * The escalating timers of the serious case review referral ({@code scr-referral-wt2013}): T1 (notifiable incident
 * not notified), T2 (subgroup recommendation), T3 (chair's decision), IMR (agency's IMR overdue) and T5 (review
 * over 6 months); T4 and T7 are in {@link ScrProcessTest} with the path they sit on, which also holds the coverage
 * table. Each timer fires because the engine clock is moved past the due date the case_deadline row and the
 * {@code due...} variable hold; {@code Emit_*} → {@code EscalationDone_*} completes in the case's instance, the
 * escalation task appears for the next tier as a {@code deadline-escalation} instance of its own,
 * {@code deadline.breached} is written, the row is BREACHED, and the case carries on: a late IMR's chase does not
 * hold up the IMR subprocess it was raised in.
 */
class ScrDeadlinesTest extends ProcessTestSupport {

    ScrSteps steps;

    @BeforeEach
    void steps() {
        steps = new ScrSteps(harness);
        harness.setClock(ScrProcessTest.RECEIVED);
    }

    @Test
    void seriousIncidentBefore29June2018IsANotifiableIncidentOnTheScrModelAndT1IsEscalatedWhenOfstedIsNotToldInTime() {
        // Fri 29 Jun 2018, the morning the SIN duty began: a notification of the day before is still a 2013 one
        harness.setClock(Instant.parse("2018-06-29T08:00:00Z"));
        ProcessCase sin = harness.startCase(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION, data -> {
            ObjectNode incident = (ObjectNode) data.get("incident");
            incident.put("date", "2018-06-28");
            incident.put("localAuthorityAwareDate", "2018-06-28");
        });
        assertThat(sin.processId()).isEqualTo(ProcessIds.SCR_REFERRAL);

        UserTask confirm = harness.awaitUserTask(sin, "ConfirmNotified");
        harness.awaitQuiet(sin);
        assertThat(confirm.getCandidateGroups()).containsExactly("review-business-unit");
        Map<String, JsonNode> variables = harness.variables(sin);
        assertThat(variables.get("processVersion").asText()).isEqualTo("SCR-WT2013");
        assertThat(variables.get("caseType").asText()).isEqualTo("SERIOUS_INCIDENT");
        assertThat(variables.get("notifiableIncident").asBoolean()).isTrue();
        // T1 runs from the day the LA became aware (Thu 28 Jun): 5 working days, last day on time Thu 5 Jul
        assertThat(variables.get("laAwareAt").asText()).isEqualTo("2018-06-28T00:00:00+01:00");
        assertThat(variables.get("dueT1").asText()).isEqualTo("2018-07-05T23:59:59+01:00");
        assertThat(variables.get("breachAtT1").asText()).isEqualTo("2018-07-06T00:00:00+01:00");
        assertThat(confirm.getDueDate().toInstant()).isEqualTo(steps.dueAt(sin, "dueT1"));
        assertThat(harness.deadline(sin, "T1").orElseThrow().dueAt()).isEqualTo(steps.dueAt(sin, "dueT1"));
        assertThat(harness.completedElements(sin)).containsSubsequence("Start_Referral", "OpenCase", "ComputeDeadlines",
                "Gw_Notifiable");
        assertThat(harness.elements(sin)).noneMatch(e -> e.getElementId().equals("Sub_Screening"));

        harness.advanceClockTo(steps.dueAt(sin, "dueT1").plusSeconds(5));
        UserTask t1 = steps.assertEscalated(sin, "T1", "Emit_T1_ConfirmNotified", "review-chair");
        CaseEvent breached = harness.awaitEvent(sin, "deadline.breached", d -> "T1".equals(d.path("timescale").asText()));
        assertThat(breached.text("dueOn")).isEqualTo("2018-07-05");
        assertThat(harness.openUserTasks(sin, "ConfirmNotified")).hasSize(1);
        assertThat(harness.hasCompleted(sin, "Emit_T1_ConfirmNotified")).isTrue();

        // confirmed late: the breach stands, the screening starts with the agencies the notification named
        harness.completeAsCaseworker(sin, "ConfirmNotified", Map.of("ofstedNotified", true, "lscbNotified", true,
                "notificationSentOn", harness.today()));
        harness.completeAsCaseworker(t1, escalation("LATE_WITH_REASON"));
        assertThat(harness.openEscalationTasks(sin, "T1")).isEmpty();
        harness.awaitElementActive(sin, "ReceiveAgencyInfo");
        harness.awaitQuiet(sin);
        assertThat(harness.completedElements(sin)).containsSubsequence("Gw_Notifiable", "ConfirmNotified",
                "Gw_Notifiable_Merge");
        assertThat(harness.variable(sin, "ofstedNotified").asBoolean()).isTrue();
        steps.assertDeadline(sin, "T1", "BREACHED");
        assertThat(steps.agencyRequests(sin)).containsExactlyInAnyOrder("scr-agency-information health REQUESTED",
                "scr-agency-information education REQUESTED");
        assertThat(harness.caseStatus(sin)).isEqualTo("OPEN");
        harness.assertEventsPseudonymised(sin);

        // from 29 Jun 2018 a serious incident notification is a CSPR-WT2018 case
        ProcessCase after = harness.startCase(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION, data -> {
            ObjectNode incident = (ObjectNode) data.get("incident");
            incident.put("date", "2018-06-29");
            incident.put("localAuthorityAwareDate", "2018-06-29");
        });
        assertThat(after.processId()).isEqualTo(ProcessIds.PRACTICE_REVIEW);
        assertThat(harness.variable(after, "processVersion").asText()).isEqualTo("CSPR-WT2018");
    }

    @Test
    void screeningOverdueEscalatesTheSubgroupRecommendationAtT2AndTheChairsDecisionAtT3ToTheChair() {
        ProcessCase scr = harness.startCase(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        steps.agenciesReturnInformation(scr, ScrProcessTest.AGENCIES.toArray(String[]::new));
        UserTask recommendation = harness.awaitUserTask(scr, "SubgroupRecommendation");
        harness.awaitQuiet(scr);
        // referral received Mon 4 Sep 2017: T2 10 working days (last day on time Mon 18 Sep), T3 one month
        assertThat(harness.variable(scr, "dueT2").asText()).isEqualTo("2017-09-18T23:59:59+01:00");
        assertThat(recommendation.getDueDate().toInstant()).isEqualTo(steps.dueAt(scr, "dueT2"));

        harness.advanceClockTo(steps.dueAt(scr, "dueT2").plusSeconds(5));
        UserTask t2 = steps.assertEscalated(scr, "T2", "Emit_T2_SubgroupRecommendation", "review-chair");
        assertThat(harness.openUserTasks(scr, "SubgroupRecommendation")).hasSize(1);
        assertThat(harness.events(scr, "deadline.breached")).extracting(e -> e.text("timescale") + " " + e.text("dueOn"))
                .containsExactly("T2 2017-09-18");

        harness.completeAsCaseworker(scr, "SubgroupRecommendation", subgroupRecommendation(criteriaMet(),
                "SCR_INITIATED", "Late, but the criteria are met."));
        steps.assertDeadline(scr, "T2", "BREACHED");
        UserTask chair = harness.awaitUserTask(scr, "ChairDecision");
        assertThat(harness.variable(scr, "dueT3").asText()).isEqualTo("2017-10-04T23:59:59+01:00");
        assertThat(chair.getDueDate().toInstant()).isEqualTo(steps.dueAt(scr, "dueT3"));

        harness.advanceClockTo(steps.dueAt(scr, "dueT3").plusSeconds(5));
        steps.assertEscalated(scr, "T3", "Emit_T3_Sub_Screening", "review-chair");
        assertThat(harness.openUserTasks(scr, "ChairDecision")).hasSize(1);
        assertThat(harness.openEscalationTasks(scr, "T2")).singleElement().extracting(UserTask::getUserTaskKey)
                .as("the T2 escalation is still the chair's").isEqualTo(t2.getUserTaskKey());
        assertThat(harness.completedElements(scr)).contains("Timer_T2_SubgroupRecommendation", "Emit_T2_SubgroupRecommendation",
                "EscalationDone_T2_SubgroupRecommendation", "Timer_T3_Sub_Screening", "Emit_T3_Sub_Screening",
                "EscalationDone_T3_Sub_Screening");
        assertThat(harness.events(scr, "deadline.breached")).extracting(e -> e.text("timescale") + " " + e.text("dueOn"))
                .containsExactly("T2 2017-09-18", "T3 2017-10-04");
        assertThat(harness.incidents(scr)).isEmpty();
        harness.assertEventsPseudonymised(scr);
    }

    @Test
    void reviewOverdueChasesTheLateImrWithTheBusinessUnitAndReportsTheT5DelayToTheChair() {
        ProcessCase scr = harness.startCase(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        steps.screen(scr, ScrProcessTest.AGENCIES, criteriaMet(), "SCR_INITIATED");
        harness.awaitUserTask(scr, "AppointReviewers");
        harness.awaitQuiet(scr);
        // initiated on Mon 4 Sep 2017: six months
        assertThat(harness.variable(scr, "dueT5").asText()).startsWith("2018-03-0");
        steps.assertDeadline(scr, "T5", "OPEN");
        // IMRs due Mon 2 Oct 2017 (end of the working day, 17:00 London)
        steps.appointReviewersAndAgreeTerms(scr, List.of("health", "police"), "2017-10-02");
        harness.awaitQuiet(scr);
        // commissioning the IMRs records one IMR deadline for the date the terms of reference set: due the second
        // before the timer's 17:00
        assertThat(harness.deadline(scr, "IMR")).hasValueSatisfying(d -> {
            assertThat(d.dueAt()).isEqualTo(Instant.parse("2017-10-02T15:59:59Z"));
            assertThat(d.variable()).isEqualTo("imrDueOn");
            assertThat(d.status()).isEqualTo("OPEN");
        });
        assertThat(harness.deadlines(scr)).filteredOn(d -> d.timescaleId().equals("IMR")).hasSize(1);
        assertThat(harness.events(scr, "deadline.set")).filteredOn(e -> "IMR".equals(e.text("timescale")))
                .extracting(e -> e.text("dueOn")).containsExactly("2017-10-02");
        steps.imrArrivesAndIsAccepted(scr, "health");

        harness.advanceClockTo(Instant.parse("2017-10-02T16:00:05Z"));
        UserTask chase = steps.assertEscalated(scr, "IMR", "Emit_IMR_ReceiveImr", "review-business-unit");
        CaseEvent breached = harness.awaitEvent(scr, "deadline.breached", d -> "IMR".equals(d.path("timescale").asText()));
        assertThat(breached.text("dueOn")).isEqualTo("2017-10-02");
        assertThat(harness.escalationVariables(chase).get("dueAt").asText()).isEqualTo("2017-10-02T15:59:59Z");
        assertThat(harness.openEscalationTasks(scr, "IMR")).as("only the police's IMR is late").hasSize(1);

        // the police's IMR arrives late and is accepted before anyone has answered the chase: the IMR subprocess,
        // whose timer raised it, completes all the same and the review moves on to the learning event
        steps.agencyReturns(scr, "imr", "police", Map.of());
        harness.completeUserTask(steps.awaitOpenTask(scr, "QaImr"), Map.of("imrAssessment", "ACCEPTED"));
        harness.awaitElementCompleted(scr, "Sub_Imr");
        harness.awaitUserTask(scr, "LearningEvent");
        assertThat(harness.openEscalationTasks(scr, "IMR")).singleElement().extracting(UserTask::getUserTaskKey)
                .isEqualTo(chase.getUserTaskKey());
        assertThat(harness.completedElements(scr)).containsSubsequence("Timer_IMR_ReceiveImr", "Emit_IMR_ReceiveImr",
                "EscalationDone_IMR_ReceiveImr");
        // the business unit records the chase afterwards
        harness.completeAsCaseworker(chase, escalation("CHASED"));
        assertThat(harness.openEscalationTasks(scr, "IMR")).isEmpty();
        assertThat(harness.escalationVariables(chase).get("escalationAction").asText()).isEqualTo("CHASED");

        harness.advanceClockTo(steps.dueAt(scr, "dueT5").plusSeconds(5));
        steps.assertEscalated(scr, "T5", "Emit_T5_Sub_Review", "review-chair");
        assertThat(harness.openUserTasks(scr, "LearningEvent")).hasSize(1);
        assertThat(harness.completedElements(scr)).contains("Timer_IMR_ReceiveImr", "Emit_IMR_ReceiveImr",
                "Timer_T5_Sub_Review", "Emit_T5_Sub_Review");
        assertThat(harness.events(scr, "deadline.breached")).extracting(e -> e.text("timescale"))
                .containsExactly("IMR", "T5");
        assertThat(harness.incidents(scr)).isEmpty();
        harness.assertEventsPseudonymised(scr);
    }
}
