package org.opensafeguarding.workflow.processes;

import io.camunda.client.api.search.response.UserTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.processes.support.CaseEvent;
import org.opensafeguarding.workflow.processes.support.PracticeReviewSteps;
import org.opensafeguarding.workflow.processes.support.ProcessCase;
import org.opensafeguarding.workflow.processes.support.ProcessTestSupport;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opensafeguarding.workflow.processes.support.PracticeReviewSteps.*;

/**
 * Every timer boundary of the practice review ({@code bpmn/practice-review.bpmn}): the case is driven to the step the
 * timescale covers, the clock is moved just past the due date its {@code case_deadline} row and {@code due<ID>}
 * variable hold, and the non-interrupting timer fires: {@code case-event.emit} marks the row BREACHED and writes
 * {@code deadline.breached} and asks for the escalation ({@code Emit_*} → {@code EscalationDone_*} in the case's
 * instance), the escalation task ({@code Escalate} of a {@code deadline-escalation} instance of its own, priority 80,
 * the timescale breached) goes to {@code safeguarding-partners} (DOMAIN §7.4), and the case carries on (still OPEN,
 * the covered step still waiting, no escalation task in the case's instance).
 *
 * <table>
 * <tr><th>Timer boundary (on)</th><th>Timescale</th><th>Breach path</th><th>Test</th></tr>
 * <tr><td>{@code Timer_R1a_Threshold} ({@code Threshold})</td><td>R1a</td><td>{@code Emit_R1a_Threshold}</td><td>{@code aDeadlinePassedIsBreachedAndEscalatedToThePartnersWhileTheCaseCarriesOn[R1A]}</td></tr>
 * <tr><td>{@code Timer_R1_SubmitSin} ({@code SubmitSin})</td><td>R1</td><td>{@code Emit_R1_SubmitSin}</td><td>{@code ...[R1]}</td></tr>
 * <tr><td>{@code Timer_R2_Sub_RapidReview} ({@code Sub_RapidReview})</td><td>R2 (15 WD)</td><td>{@code Emit_R2_Sub_RapidReview}</td><td>{@code ...[R2]} (the rapid review completes and the case moves on to the Panel's response with the escalation unanswered; the partners then complete it through the tasklist)</td></tr>
 * <tr><td>{@code Timer_R2b_PanelResponse} ({@code PanelResponse})</td><td>R2b</td><td>{@code Emit_R2b_PanelResponse}</td><td>{@code ...[R2B]}</td></tr>
 * <tr><td>{@code Timer_R3_Sub_Lcspr} ({@code Sub_Lcspr})</td><td>R3 (6 months)</td><td>{@code Emit_R3_Sub_Lcspr}</td><td>{@code ...[R3]}</td></tr>
 * <tr><td>{@code Timer_R4_AdvanceCopy} ({@code AdvanceCopy})</td><td>R4 (7 WD before publication)</td><td>{@code Emit_R4_AdvanceCopy}</td><td>{@code ...[R4]}</td></tr>
 * </table>
 * The timer catch {@code NextReview} (action-plan review interval, no escalation) fires in
 * {@link PracticeReviewProcessTest#aNotificationThroughIntakeRunsTheWholeLocalReviewToClosure}.
 */
class PracticeReviewDeadlinesTest extends ProcessTestSupport {

    /** Where each timescale's timer sits, and how to get a fresh case there (straight to the engine). */
    enum Stage {
        R1A("R1a", "dueR1a", "Threshold", "Emit_R1a_Threshold", (s, c) -> {
        }),
        R1("R1", "dueR1", "SubmitSin", "Emit_R1_SubmitSin", (s, c) ->
                s.harness().completeUserTask(c, "Threshold", threshold(true, true, false, true, false))),
        R2("R2", "dueR2", "ReceiveSummary", "Emit_R2_Sub_RapidReview", (s, c) ->
                s.steps().throughNotification(c, "2024-03-04", List.of("health"))),
        R2B("R2b", "dueR2b", "PanelResponse", "Emit_R2b_PanelResponse", (s, c) -> {
            R2.drive.accept(s, c);
            s.steps().throughRapidReview(c, List.of("health"), "LCSPR");
        }),
        R3("R3", "dueR3", "AppointReviewer", "Emit_R3_Sub_Lcspr", (s, c) -> {
            R2B.drive.accept(s, c);
            s.steps().throughLcsprDecision(c, "AGREE_LOCAL", "COMMISSION_LCSPR");
        }),
        R4("R4", "dueR4", "AdvanceCopy", "Emit_R4_AdvanceCopy", (s, c) -> {
            R3.drive.accept(s, c);
            s.harness().completeUserTask(c, "AppointReviewer", Map.of("methodology", "SYSTEMS"));
            s.harness().completeUserTask(c, "MonitorReview", Map.of("finalReportReceived", true,
                    "progressCheckedOn", "2024-03-05"));
            s.harness().completeUserTask(c, "PartnersResponse", Map.of("findingsAccepted", true, "actionPlanAgreed", true));
            s.harness().completeUserTask(c, "CsprPublication", publication("PUBLISH", "2024-06-28"));
        });

        final String timescale;
        final String variable;
        final String waitingAt;
        final String emit;
        final BiConsumer<PracticeReviewDeadlinesTest, ProcessCase> drive;

        Stage(String timescale, String variable, String waitingAt, String emit,
              BiConsumer<PracticeReviewDeadlinesTest, ProcessCase> drive) {
            this.timescale = timescale;
            this.variable = variable;
            this.waitingAt = waitingAt;
            this.emit = emit;
            this.drive = drive;
        }
    }

    private PracticeReviewSteps steps;

    org.opensafeguarding.workflow.processes.support.ProcessHarness harness() {
        return harness;
    }

    PracticeReviewSteps steps() {
        if (steps == null) {
            steps = new PracticeReviewSteps(harness);
        }
        return steps;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Stage.class)
    void aDeadlinePassedIsBreachedAndEscalatedToThePartnersWhileTheCaseCarriesOn(Stage stage) {
        ProcessCase sin = harness.startCase(sinReferral("2024-03-01", "2024-03-04"));
        stage.drive.accept(this, sin);
        harness.awaitElementActive(sin, stage.waitingAt);
        harness.awaitQuiet(sin);

        Instant due = OffsetDateTime.parse(harness.variable(sin, stage.variable).asText()).toInstant();
        Deadlines.Deadline row = harness.deadline(sin, stage.timescale).orElseThrow();
        assertThat(row.dueAt()).isEqualTo(due);
        assertThat(row.status()).isEqualTo("OPEN");
        assertThat(row.variable()).isEqualTo(stage.variable);
        assertThat(due).isAfter(harness.now());
        assertThat(harness.events(sin, "deadline.breached")).isEmpty();
        assertThat(harness.hasCompleted(sin, stage.emit)).isFalse();

        harness.advanceClockTo(due.plusSeconds(5));

        UserTask escalation = harness.awaitEscalation(sin, stage.timescale, "safeguarding-partners", stage.emit);
        assertThat(harness.escalationVariables(escalation).get("dueAt").asText()).isEqualTo(due.toString());
        CaseEvent breached = harness.awaitEvent(sin, "deadline.breached",
                d -> stage.timescale.equals(d.path("timescale").asText()));
        assertThat(breached.text("occurredOn")).isNotNull();
        assertThat(harness.deadline(sin, stage.timescale)).hasValueSatisfying(d -> {
            assertThat(d.status()).isEqualTo("BREACHED");
            assertThat(d.dueAt()).isEqualTo(due);
        });
        String path = stage.emit.substring("Emit_".length());
        assertThat(harness.completedElements(sin)).containsSubsequence("Timer_" + path, stage.emit,
                "EscalationDone_" + path);
        assertThat(harness.openUserTasks(sin)).as("no escalation task in the case's instance")
                .noneMatch(t -> t.getElementId().startsWith("Escalate"));
        // the case carries on: not closed, the covered step still waiting, nothing else breached
        assertThat(steps().caseFile(sin)).isEqualTo("practice-review-wt2018 CSPR-WT2018 OPEN -");
        harness.awaitElementActive(sin, stage.waitingAt);
        assertThat(harness.events(sin, "deadline.breached")).hasSize(1);
        assertThat(harness.incidents(sin)).isEmpty();

        if (stage == Stage.R2) {
            // the summary comes and the rapid review meets, late, before the partners have answered the
            // escalation: the rapid review subprocess, whose timer fired, completes and the case moves on
            steps().throughRapidReview(sin, List.of("health"), "LCSPR");
            harness.awaitElementCompleted(sin, "Sub_RapidReview");
            harness.awaitUserTask(sin, "PanelResponse");
            assertThat(harness.openEscalationTasks(sin, "R2")).singleElement().extracting(UserTask::getUserTaskKey)
                    .isEqualTo(escalation.getUserTaskKey());
            // the partners then record what they did about it, through the tasklist, on the case's record
            harness.completeAsCaseworker(escalation, escalation("CHASED"));
            assertThat(harness.openEscalationTasks(sin, "R2")).isEmpty();
            assertThat(harness.escalationVariables(escalation).get("escalationAction").asText()).isEqualTo("CHASED");
            assertThat(harness.variable(sin, "escalationAction").isMissingNode()).isTrue();
            assertThat(harness.jdbc().sql("SELECT field FROM case_note WHERE case_id = :id")
                    .param("id", sin.caseId().value()).query(String.class).list())
                    .containsExactly("record.escalationReason");
            steps().assertNoFreeTextInEngine(sin);
        }
        harness.assertEventsPseudonymised(sin);
    }
}
