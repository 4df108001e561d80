package org.opensafeguarding.workflow.workers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.intake.Channel;
import org.opensafeguarding.workflow.intake.ReferralIntake;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.processes.support.TestClock;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.opensafeguarding.workflow.support.CaseEventSchema;
import org.opensafeguarding.workflow.support.OutboundPrivacy;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each worker with state, run twice for one job (the engine delivers a job at least once) and, where the step can be
 * reached again, once more as another job: one row, one audit entry, one event. Workers are called directly, against
 * the real database; no engine is involved.
 */
@SpringBootTest(properties = {"spring.config.name=" + WorkflowApplication.CONFIG_NAME,
        "safeguarding.deployment.enabled=false", "camunda.client.worker.defaults.enabled=false"})
@Import(WorkerIdempotencyTest.ClockConfiguration.class)
@DirtiesContext
class WorkerIdempotencyTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ClockConfiguration {
        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }

    @Autowired
    ReferralIntake intake;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    Pseudonymiser pseudonyms;

    @Autowired
    CaseOpenWorker caseOpen;
    @Autowired
    CaseCloseWorker caseClose;
    @Autowired
    DeadlineComputeWorker deadlineCompute;
    @Autowired
    CaseEventEmitWorker caseEventEmit;
    @Autowired
    CaseMessagePublishWorker caseMessagePublish;
    @Autowired
    NotificationSendWorker notificationSend;
    @Autowired
    AgencyRequestSendWorker agencyRequestSend;
    @Autowired
    ReviewNotifyPanelWorker reviewNotifyPanel;
    @Autowired
    LadoRecordOutcomeWorker ladoRecordOutcome;
    @Autowired
    NcmdSyncWorker ncmdSync;

    private CaseId open(ReferralKind kind) {
        return intake.accept(TestReferrals.bytes(TestReferrals.valid(kind)), Channel.REST, "test").caseId();
    }

    private TestJob job(String type, String element, CaseId caseId) {
        return TestJob.of(type, element).variable("caseId", caseId.toString());
    }

    private long events(CaseId caseId, String type) {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE case_id = :id AND event_type = :type")
                .param("id", caseId.value()).param("type", "org.opensafeguarding.case." + type)
                .query(Long.class).single();
    }

    private long audits(CaseId caseId, String change) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE resource_id = :id AND detail->>'change' = :change")
                .param("id", caseId.toString()).param("change", change).query(Long.class).single();
    }

    private long rows(String table, CaseId caseId) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE case_id = :id").param("id", caseId.value())
                .query(Long.class).single();
    }

    @Test
    @SuppressWarnings("unchecked")
    void caseOpenPinsTheKcsieEditionOnceAndAnswersARepeatWithTheSameVariables() {
        CaseId lado = open(ReferralKind.LADO_ALLEGATION);
        TestJob job = job(JobTypes.CASE_OPEN, "OpenCase", lado).variable("caseType", "LADO_ALLEGATION")
                .variable("processVersion", "LADO-WT2018").variable("tenant", "default");

        TestJob anotherJob = job.another();
        Map<String, Object> first = caseOpen.open(job);
        Map<String, Object> again = caseOpen.open(job.redelivered());
        Map<String, Object> other = caseOpen.open(anotherJob);

        assertThat(again).isEqualTo(first);
        assertThat(other).isEqualTo(first);
        assertThat(first).containsEntry("caseId", lado.toString())
                .containsEntry("processVersion", "LADO-WT2018")
                .containsEntry("kcsieEdition", "KCSIE-LATER")
                .containsEntry("harmTestLimb4Applies", true)
                .containsEntry("defaultTaskTurnaround", "P5D")
                .containsEntry("escalationTurnaround", "P2D")
                .containsEntry("reviewMeetingCycle", "R/P4W")
                .doesNotContainKey("actionPlanReviewInterval");
        assertThat((List<Object>) first.get("findingOptions")).hasSize(5)
                .contains(Map.of("label", "Unfounded", "value", "UNFOUNDED"));
        assertThat((List<Object>) first.get("agencyOptions")).contains(Map.of("label", "Police", "value", "police"));
        assertThat(rows("lado_case", lado)).isEqualTo(1);
        assertThat(audits(lado, "kcsie-edition-pinned")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM worker_job WHERE job_key IN (:a, :b)")
                .param("a", job.getKey()).param("b", anotherJob.getKey()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void caseOpenRefusesAProcessVersionTheCaseIsNotPinnedToAndAnUnknownCase() {
        CaseId lado = open(ReferralKind.LADO_ALLEGATION);

        assertThatThrownBy(() -> caseOpen.open(job(JobTypes.CASE_OPEN, "OpenCase", lado)
                .variable("processVersion", "LADO-WT2013")))
                .isInstanceOf(InvalidCaseDataException.class)
                .hasMessageStartingWith("processVersion: 'LADO-WT2013' does not match the case record ('LADO-WT2018')");
        assertThatThrownBy(() -> caseOpen.open(job(JobTypes.CASE_OPEN, "OpenCase", new CaseId(UUID.randomUUID()))))
                .hasMessageContaining("caseId: no case");
        // a refused job leaves no receipt, so the job runs afresh once the variable is fixed
        assertThat(rows("lado_case", lado)).isZero();
    }

    @Test
    void deadlineComputeRecordsEachDeadlineOnceForARepeatedJobAndForTheSameClockStart() {
        CaseId lado = open(ReferralKind.LADO_ALLEGATION);
        TestJob job = job(JobTypes.DEADLINE_COMPUTE, "ComputeDeadlines", lado)
                .header("timescaleIds", "L1,L2b").header("clockStart", "referralReceivedAt")
                .header("clockStartOverrides", "L1=allegationReportedAt")
                .variable("referralReceivedAt", "2024-03-04T09:00:00Z");

        Map<String, Object> first = deadlineCompute.compute(job);
        assertThat(deadlineCompute.compute(job.redelivered())).isEqualTo(first);
        assertThat(deadlineCompute.compute(job.another())).isEqualTo(first);

        assertThat(first).containsEntry("dueL2b", "2024-03-11T23:59:59Z").containsEntry("dueL1", null);
        assertThat(rows("case_deadline", lado)).isEqualTo(1);
        assertThat(events(lado, "deadline.set")).isEqualTo(1);
        assertThat(audits(lado, "deadline-set")).isEqualTo(1);
    }

    @Test
    void aRepeatedDeadlineFromNowKeepsItsFirstAnswerEvenWhenTheClockHasMoved() {
        CaseId lado = open(ReferralKind.LADO_ALLEGATION);
        TestJob job = job(JobTypes.DEADLINE_COMPUTE, "ComputeMeeting", lado)
                .header("timescaleIds", "L2a").header("clockStart", "now");

        Map<String, Object> first = deadlineCompute.compute(job);
        clock.advance(Duration.ofMinutes(7));
        Map<String, Object> again = deadlineCompute.compute(job.redelivered());

        assertThat(again).isEqualTo(first);
        assertThat(rows("case_deadline", lado)).isEqualTo(1);
        assertThat(events(lado, "deadline.set")).isEqualTo(1);
    }

    @Test
    void caseEventEmitMarksTheBreachOnce() {
        CaseId lado = open(ReferralKind.LADO_ALLEGATION);
        deadlineCompute.compute(job(JobTypes.DEADLINE_COMPUTE, "ComputeDeadlines", lado)
                .header("timescaleIds", "L2b").header("clockStart", "referralReceivedAt")
                .variable("referralReceivedAt", "2024-03-04T09:00:00Z"));
        TestJob emit = job(JobTypes.CASE_EVENT_EMIT, "Emit_L2_PotMeeting", lado)
                .header("eventType", "deadline.breached").variable("timescaleId", "L2b")
                .variable("dueL2b", "2024-03-11T23:59:59Z");

        caseEventEmit.emit(emit);
        caseEventEmit.emit(emit.redelivered());
        caseEventEmit.emit(emit.another());

        assertThat(events(lado, "deadline.breached")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT status FROM case_deadline WHERE case_id = :id").param("id", lado.value())
                .query(String.class).single()).isEqualTo("BREACHED");
        assertThat(audits(lado, "deadline-breached")).isEqualTo(1);
        JsonNode breached = envelopes(lado, "deadline.breached").get(0);
        assertThat(breached.at("/data/timescale").asText()).isEqualTo("L2b");
        assertThat(breached.at("/data/dueOn").asText()).isEqualTo("2024-03-11");
    }

    @Test
    void caseEventEmitWithATierQueuesOneEscalationPerBreach() throws IOException {
        CaseId lado = open(ReferralKind.LADO_ALLEGATION);
        deadlineCompute.compute(job(JobTypes.DEADLINE_COMPUTE, "ComputeDeadlines", lado)
                .header("timescaleIds", "L2b").header("clockStart", "referralReceivedAt")
                .variable("referralReceivedAt", "2024-03-04T09:00:00Z"));
        TestJob emit = job(JobTypes.CASE_EVENT_EMIT, "Emit_L2_PotMeeting", lado)
                .header("eventType", "deadline.breached").header("escalateTo", "lado-manager")
                .variable("timescaleId", "L2b").variable("dueL2b", "2024-03-11T23:59:59Z")
                .variable("escalationTurnaround", "P2D");

        caseEventEmit.emit(emit);
        caseEventEmit.emit(emit.redelivered());
        // the same deadline row reached by another job, as when agencies asked together share one row and a second
        // agency's timer fires: one breach, but that agency is chased too
        TestJob secondAgency = emit.another();
        caseEventEmit.emit(secondAgency);
        caseEventEmit.emit(secondAgency.redelivered());

        assertThat(events(lado, "deadline.breached")).isEqualTo(1);
        List<Map<String, Object>> commands = jdbc.sql("""
                SELECT kind, process_id, message_name, correlation_key, dedupe_key, variables::text AS variables
                FROM engine_command WHERE case_id = :id AND kind = 'PUBLISH' ORDER BY id""")
                .param("id", lado.value()).query().listOfRows();
        assertThat(commands).extracting(c -> c.get("dedupe_key"))
                .containsExactly("escalation:" + emit.getKey(), "escalation:" + secondAgency.getKey());
        Map<String, Object> command = commands.get(0);
        assertThat(command).containsEntry("process_id", "deadline-escalation")
                .containsEntry("message_name", "deadline.escalation.requested")
                .containsEntry("dedupe_key", "escalation:" + emit.getKey())
                .containsEntry("correlation_key", "escalation:" + emit.getKey());
        JsonNode variables = TestReferrals.JSON.readTree((String) command.get("variables"));
        assertThat(variables.path("caseId").asText()).isEqualTo(lado.toString());
        assertThat(variables.path("timescaleId").asText()).isEqualTo("L2b");
        assertThat(variables.path("escalateTo").asText()).isEqualTo("lado-manager");
        assertThat(variables.path("escalationTurnaround").asText()).isEqualTo("P2D");
        assertThat(variables.path("dueAt").asText()).isEqualTo("2024-03-11T23:59:59Z");
        assertThat(variables.path("sourceElementId").asText()).isEqualTo("Emit_L2_PotMeeting");
        assertThat(variables.has("sourceProcessInstanceKey")).isTrue();
        // when the deadline passed: the instant its breach was recorded, so the escalation task can say so
        assertThat(java.time.Instant.parse(variables.path("breachedAt").asText())).isEqualTo(jdbc.sql(
                        "SELECT resolved_at FROM case_deadline WHERE case_id = :id AND timescale_id = 'L2b'")
                .param("id", lado.value()).query(java.sql.Timestamp.class).single().toInstant());

        // without a tier (a breach found by a check, e.g. L1 on arrival) nothing is escalated
        CaseId other = open(ReferralKind.LADO_ALLEGATION);
        deadlineCompute.compute(job(JobTypes.DEADLINE_COMPUTE, "ComputeDeadlines", other)
                .header("timescaleIds", "L2b").header("clockStart", "referralReceivedAt")
                .variable("referralReceivedAt", "2024-03-04T09:00:00Z"));
        caseEventEmit.emit(job(JobTypes.CASE_EVENT_EMIT, "Emit_L2_PotMeeting", other)
                .header("eventType", "deadline.breached").variable("timescaleId", "L2b")
                .variable("dueL2b", "2024-03-11T23:59:59Z"));
        assertThat(events(other, "deadline.breached")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM engine_command WHERE case_id = :id AND kind = 'PUBLISH'")
                .param("id", other.value()).query(Long.class).single()).isZero();

        // met just before its timer fired: neither a breach nor an escalation
        CaseId met = open(ReferralKind.LADO_ALLEGATION);
        deadlineCompute.compute(job(JobTypes.DEADLINE_COMPUTE, "ComputeDeadlines", met)
                .header("timescaleIds", "L2b").header("clockStart", "referralReceivedAt")
                .variable("referralReceivedAt", "2024-03-04T09:00:00Z"));
        jdbc.sql("UPDATE case_deadline SET status = 'MET' WHERE case_id = :id").param("id", met.value()).update();
        caseEventEmit.emit(job(JobTypes.CASE_EVENT_EMIT, "Emit_L2_PotMeeting", met)
                .header("eventType", "deadline.breached").header("escalateTo", "lado-manager")
                .variable("timescaleId", "L2b").variable("dueL2b", "2024-03-11T23:59:59Z")
                .variable("escalationTurnaround", "P2D"));
        assertThat(events(met, "deadline.breached")).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM engine_command WHERE case_id = :id AND kind = 'PUBLISH'")
                .param("id", met.value()).query(Long.class).single()).isZero();
    }

    @Test
    void caseEventEmitRefusesABreachOfADeadlineThatWasNeverSetAndAnEventTypeItDoesNotKnow() {
        CaseId lado = open(ReferralKind.LADO_ALLEGATION);

        assertThatThrownBy(() -> caseEventEmit.emit(job(JobTypes.CASE_EVENT_EMIT, "Emit_L7", lado)
                .header("eventType", "deadline.breached").header("timescaleId", "L7")))
                .isInstanceOf(InvalidCaseDataException.class)
                .hasMessageStartingWith("timescaleId L7: no deadline was recorded");
        assertThatThrownBy(() -> caseEventEmit.emit(job(JobTypes.CASE_EVENT_EMIT, "Emit_L7", lado)
                .header("eventType", "case.reopened").header("timescaleId", "L7")))
                .hasMessageStartingWith("header eventType: 'case.reopened' is not one of [deadline.breached]");
    }

    @Test
    void caseCloseClosesOnceWithItsReason() {
        CaseId sin = open(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);
        TestJob close = job(JobTypes.CASE_CLOSE, "CloseNoSin", sin).header("closeReason", "sin-not-required");

        caseClose.close(close);
        caseClose.close(close.redelivered());
        caseClose.close(close.another());

        assertThat(events(sin, "closed")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT status || '/' || closure_reason FROM case_file WHERE id = :id").param("id", sin.value())
                .query(String.class).single()).isEqualTo("CLOSED/sin-not-required");
        assertThat(envelopes(sin, "closed").get(0).at("/data/closureReason").asText()).isEqualTo("sin-not-required");
        assertThatThrownBy(() -> caseClose.close(job(JobTypes.CASE_CLOSE, "CloseRecord", sin).header("closeReason", "bored")))
                .hasMessageStartingWith("header closeReason: 'bored' is not one of");
    }

    @Test
    void caseMessagePublishOpensOneSeriousIncidentPerDeathAndQueuesOnePublish() throws IOException {
        CaseId death = open(ReferralKind.CHILD_DEATH_NOTIFICATION);
        TestJob raise = job(JobTypes.CASE_MESSAGE_PUBLISH, "RaiseSin1", death)
                .header("messageName", "sin.candidate.raised").header("raisedBy", "JAR")
                .variable("processVersion", "CDR-2018");

        Map<String, Object> first = caseMessagePublish.publish(raise);
        Map<String, Object> again = caseMessagePublish.publish(raise.redelivered());
        Map<String, Object> later = caseMessagePublish.publish(TestJob.of(JobTypes.CASE_MESSAGE_PUBLISH, "RaiseSin2")
                .variable("caseId", death.toString()).header("messageName", "sin.candidate.raised").header("raisedBy", "CDOP"));

        assertThat(first).containsEntry("sinCandidateRaised", true).containsKey("linkedCaseId");
        assertThat(again).isEqualTo(first);
        assertThat(later).isEqualTo(first);
        CaseId incident = CaseId.parse((String) first.get("linkedCaseId"));
        assertThat(jdbc.sql("SELECT case_type || '/' || process_id || '/' || process_version FROM case_file WHERE id = :id")
                .param("id", incident.value()).query(String.class).single())
                .isEqualTo("SERIOUS_INCIDENT/practice-review-wt2018/CSPR-WT2018");
        assertThat(jdbc.sql("SELECT count(*) FROM case_link WHERE case_id = :id AND link_type = 'SIN_CANDIDATE'")
                .param("id", death.value()).query(Long.class).single()).isEqualTo(1);
        Map<String, Object> command = jdbc.sql("""
                SELECT kind, message_name, correlation_key, dedupe_key, variables::text AS variables FROM engine_command
                WHERE case_id = :id""").param("id", incident.value()).query().singleRow();
        assertThat(command).containsEntry("kind", "PUBLISH").containsEntry("message_name", "sin.candidate.raised")
                .containsEntry("correlation_key", death.toString()).containsEntry("dedupe_key", "sin:" + death);
        JsonNode variables = TestReferrals.JSON.readTree((String) command.get("variables"));
        assertThat(variables.path("caseId").asText()).isEqualTo(incident.toString());
        assertThat(variables.path("sourceCaseId").asText()).isEqualTo(death.toString());
        assertThat(variables.path("caseType").asText()).isEqualTo("SERIOUS_INCIDENT");
        assertThat(variables.path("processVersion").asText()).isEqualTo("CSPR-WT2018");
        assertThat(variables.path("referralReceivedAt").asText()).isEqualTo(variables.path("laAwareAt").asText()).isNotEmpty();
        assertThat(events(incident, "opened")).isEqualTo(1);
        JsonNode opened = envelopes(incident, "opened").get(0);
        assertThat(opened.at("/data/channel").asText()).isEqualTo("PROCESS");
        assertThat(opened.at("/data/categories/raisedBy").asText()).isEqualTo("JAR");
        assertPseudonymised(incident);
    }

    @Test
    void notificationSendRecordsOneNotificationPerJob() {
        CaseId sin = open(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);
        TestJob tell = job(JobTypes.NOTIFICATION_SEND, "TellPartners", sin)
                .header("template", "sin-submitted").header("recipientRole", "safeguarding-partners");

        notificationSend.send(tell);
        notificationSend.send(tell.redelivered());

        assertThat(rows("case_notice", sin)).isEqualTo(1);
        assertThat(events(sin, "notice.sent")).isEqualTo(1);
        assertThat(envelopes(sin, "notice.sent").get(0).at("/data/recipients/0").asText()).isEqualTo("safeguarding-partners");

        notificationSend.send(tell.another());
        assertThat(rows("case_notice", sin)).isEqualTo(2);
    }

    @Test
    void agencyRequestSendRecordsOneRequestPerJobWithItsDueDate() {
        CaseId death = open(ReferralKind.CHILD_DEATH_NOTIFICATION);
        TestJob request = job(JobTypes.AGENCY_REQUEST_SEND, "RequestRf", death)
                .header("requestType", "cdr-reporting-form").variable("agencyId", "health")
                .variable("dueReportingForm", "2024-04-04T00:00:00+01:00");

        agencyRequestSend.send(request);
        agencyRequestSend.send(request.redelivered());

        assertThat(jdbc.sql("SELECT agency_id || '/' || request_type || '/' || status FROM agency_request WHERE case_id = :id")
                .param("id", death.value()).query(String.class).list()).containsExactly("health/cdr-reporting-form/REQUESTED");
        assertThat(audits(death, "agency-request-sent")).isEqualTo(1);
        assertThatThrownBy(() -> agencyRequestSend.send(job(JobTypes.AGENCY_REQUEST_SEND, "RequestRf", death)
                .header("requestType", "gossip").variable("agencyId", "health")))
                .hasMessageStartingWith("header requestType: 'gossip' is not one of");
    }

    @Test
    void reviewNotifyPanelRecordsOneNoticeWithTheDecisionCodesOnly() {
        CaseId scr = open(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        TestJob notice = job(JobTypes.REVIEW_NOTIFY_PANEL, "NotifyPanelNotInitiated", scr)
                .header("notice", "scr-not-initiated").header("recipients", "national-panel")
                .variable("scrDecision", "SCR_NOT_INITIATED_CRITERIA_NOT_MET").variable("scrCriteriaMet", false)
                .variable("record", Map.of("rationale", "never leaves the case record"));

        reviewNotifyPanel.notifyPanel(notice);
        reviewNotifyPanel.notifyPanel(notice.redelivered());

        assertThat(rows("case_notice", scr)).isEqualTo(1);
        assertThat(events(scr, "notice.sent")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT detail::text FROM case_notice WHERE case_id = :id").param("id", scr.value())
                .query(String.class).single())
                .contains("SCR_NOT_INITIATED_CRITERIA_NOT_MET").doesNotContain("rationale");
        assertPseudonymised(scr);
    }

    @Test
    void ladoRecordOutcomeStoresTheFindingOnceAndRefusesOneThePinnedEditionDoesNotHave() {
        CaseId lado = open(ReferralKind.LADO_ALLEGATION);
        caseOpen.open(job(JobTypes.CASE_OPEN, "OpenCase", lado));
        TestJob record = job(JobTypes.LADO_RECORD_OUTCOME, "RecordOutcome", lado).variable("kcsieEdition", "KCSIE-LATER")
                .variable("finding", "SUBSTANTIATED").variable("disposal", "EMPLOYER_ACTION")
                .variable("referralsDecided", Map.of("dbs", true, "tra", false, "regulator", false, "ofsted", false));

        ladoRecordOutcome.record(record);
        ladoRecordOutcome.record(record.redelivered());
        ladoRecordOutcome.record(record.another());

        // finding, disposal, and the one referral decided
        assertThat(events(lado, "outcome.recorded")).isEqualTo(3);
        assertThat(audits(lado, "lado-outcome-recorded")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT finding || '/' || disposal || '/' || refer_dbs FROM lado_case WHERE case_id = :id")
                .param("id", lado.value()).query(String.class).single()).isEqualTo("SUBSTANTIATED/EMPLOYER_ACTION/true");

        assertThatThrownBy(() -> ladoRecordOutcome.record(record.another().variable("finding", "PROVEN")))
                .isInstanceOf(InvalidCaseDataException.class)
                .hasMessage("finding: 'PROVEN' is not an outcome under KCSIE-LATER, the KCSIE edition pinned on the case"
                        + " (DOMAIN §5.6); allowed: SUBSTANTIATED, MALICIOUS, FALSE, UNSUBSTANTIATED, UNFOUNDED");
        assertThatThrownBy(() -> ladoRecordOutcome.record(record.another().variable("kcsieEdition", "KCSIE-2016")))
                .hasMessageStartingWith("kcsieEdition: 'KCSIE-2016' differs from the edition pinned on the case (KCSIE-LATER)");
    }

    @Test
    void ncmdSyncQueuesEachStatusOnce() {
        CaseId death = open(ReferralKind.CHILD_DEATH_NOTIFICATION);
        TestJob notified = job(JobTypes.CDR_NCMD_SYNC, "NcmdNotified", death).header("ncmdStatus", "NOTIFIED");
        TestJob finalised = job(JobTypes.CDR_NCMD_SYNC, "NcmdFinalised", death).header("ncmdStatus", "FINALISED")
                .variable("categoryOfDeath", "10").variable("modifiableFactors", "INSUFFICIENT_INFORMATION");

        ncmdSync.sync(notified);
        ncmdSync.sync(notified.redelivered());
        ncmdSync.sync(notified.another());
        ncmdSync.sync(finalised);
        ncmdSync.sync(finalised.another());

        assertThat(rows("ncmd_submission", death)).isEqualTo(2);
        assertThat(events(death, "notice.sent")).isEqualTo(2);
        assertThat(events(death, "outcome.recorded")).isEqualTo(2);
        assertThat(jdbc.sql("SELECT target FROM ncmd_submission WHERE case_id = :id AND ncmd_status = 'FINALISED'")
                .param("id", death.value()).query(String.class).single()).isEqualTo("NCMD");
        assertThatThrownBy(() -> ncmdSync.sync(job(JobTypes.CDR_NCMD_SYNC, "NcmdFinalised", death)
                .header("ncmdStatus", "FINALISED").variable("categoryOfDeath", "11").variable("modifiableFactors", "IDENTIFIED")))
                .hasMessage("categoryOfDeath: 11 is not a category 1-10 (DOMAIN §4.6)");
        assertPseudonymised(death);
    }

    private List<JsonNode> envelopes(CaseId caseId, String type) {
        return jdbc.sql("SELECT envelope::text FROM outbox_event WHERE case_id = :id AND event_type = :type ORDER BY id")
                .param("id", caseId.value()).param("type", "org.opensafeguarding.case." + type)
                .query(String.class).list().stream().map(text -> {
                    try {
                        return TestReferrals.JSON.readTree(text);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private void assertPseudonymised(CaseId caseId) {
        for (String envelope : jdbc.sql("SELECT envelope::text FROM outbox_event WHERE case_id = :id ORDER BY id")
                .param("id", caseId.value()).query(String.class).list()) {
            assertThat(OutboundPrivacy.problems(pseudonyms.of(caseId), envelope.getBytes(StandardCharsets.UTF_8), Map.of(),
                    List.of(caseId.toString(), "Throckmorton", "2016-05-17", "9434765919"))).as(envelope).isEmpty();
            try {
                assertThat(CaseEventSchema.violations(TestReferrals.JSON.readTree(envelope))).as(envelope).isEmpty();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
