package org.opensafeguarding.workflow.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.intake.Channel;
import org.opensafeguarding.workflow.intake.ReferralIntake;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.opensafeguarding.workflow.support.CaseEventSchema;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.OutboundPrivacy;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reads every event the service published and fails if any personal data or free text got out: the names,
 * NHS numbers, addresses, dates of birth and narratives of the referrals that caused them, anything shaped like
 * an NHS number, or any string that is not a pseudonym, a day or a code.
 */
@SpringBootTest(properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class CaseEventPrivacyTest {

    static TestInfrastructure.Topics topics;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topics = TestInfrastructure.register(registry);
    }

    static final KafkaTestClient kafka = new KafkaTestClient();

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Autowired
    ReferralIntake intake;

    @Autowired
    CaseEvents caseEvents;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Pseudonymiser pseudonyms;

    @Autowired
    JdbcClient jdbc;

    @Test
    void noOutboundEventCarriesPersonalDataOrFreeText() throws IOException {
        long before = jdbc.sql("SELECT count(*) FROM outbox_event").query(Long.class).single();
        List<String> sensitive = new ArrayList<>();
        List<CaseId> caseIds = new ArrayList<>();
        for (ReferralKind kind : ReferralKind.values()) {
            ObjectNode event = TestReferrals.valid(kind);
            sensitive.addAll(TestReferrals.sensitiveValues(event.get("data")));
            caseIds.add(intake.accept(TestReferrals.bytes(event), Channel.REST, "test").caseId());
        }
        CaseId lado = caseIds.get(0);
        sensitive.add(lado.toString());
        everyOtherKindOfEvent(lado);
        long expected = jdbc.sql("SELECT count(*) FROM outbox_event").query(Long.class).single();
        // four cases opened, then the thirteen other kinds of event on one of them
        assertThat(expected - before).isEqualTo(4 + 14);

        List<ConsumerRecord<String, byte[]>> published;
        try (KafkaTestClient.Reader reader = kafka.read(topics.caseEvents())) {
            published = reader.awaitAtLeast((int) expected, Duration.ofSeconds(30));
        }

        // every event on the topic, including other tests' in this class: all of them must be clean
        assertThat(published).hasSize((int) expected);
        assertThat(sensitive).contains("Throckmorton", "9434765919", "LS6 2QT", "2016-05-17", "Bartholomew");
        for (ConsumerRecord<String, byte[]> record : published) {
            Map<String, String> headers = new java.util.HashMap<>();
            for (Header h : record.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            String value = new String(record.value(), StandardCharsets.UTF_8);
            List<String> problems = OutboundPrivacy.problems(record.key(), record.value(), headers, sensitive);
            if (!problems.isEmpty()) {
                fail("case event leaks: " + problems + " in " + value);
            }
            assertThat(CaseEventSchema.violations(TestReferrals.JSON.readTree(record.value()))).as("schema of %s", value).isEmpty();
            // an engine key leads back to the case through the engine: tasks travel as their pseudonyms
            assertThat(value).doesNotContain("2251799813685249", "2251799813685250");
        }
        List<String> types = published.stream().map(r -> readType(r.value())).toList();
        assertThat(types).containsAll(List.of(CaseEventType.values()).stream().map(CaseEventType::cloudEventType).toList());
    }

    @Test
    void aCaseKeepsItsEventsInOrderOnOnePartition() throws IOException {
        ObjectNode referral = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        CaseId caseId = intake.accept(TestReferrals.bytes(referral), Channel.REST, "test").caseId();
        everyOtherKindOfEvent(caseId);
        String pseudonym = pseudonyms.of(caseId);

        List<ConsumerRecord<String, byte[]>> mine;
        try (KafkaTestClient.Reader reader = kafka.read(topics.caseEvents())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    reader.records().stream().filter(r -> pseudonym.equals(r.key())).count() >= 15);
            mine = reader.records().stream().filter(r -> pseudonym.equals(r.key())).toList();
        }
        assertThat(mine).extracting(ConsumerRecord::partition).containsOnly(mine.get(0).partition());
        List<String> sequences = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : mine) {
            sequences.add(TestReferrals.JSON.readTree(r.value()).path("sequence").asText());
        }
        assertThat(sequences).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13",
                "14", "15");
    }

    @Test
    void freeTextIsRefusedWhereACodeIsExpected() {
        ObjectNode referral = TestReferrals.valid(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        CaseId caseId = intake.accept(TestReferrals.bytes(referral), Channel.REST, "test").caseId();
        long before = jdbc.sql("SELECT count(*) FROM outbox_event").query(Long.class).single();

        assertThatThrownBy(() -> transactions.executeWithoutResult(s -> caseEvents.decisionRecorded(caseId,
                "scr-decision", "Not initiated: the chair felt the family had suffered enough", "lscb-chair")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outcome must be a code");
        assertThatThrownBy(() -> transactions.executeWithoutResult(s -> caseEvents.taskAssigned(caseId, 1L,
                "initial-consideration", "Genevieve Ashdown-Pryce")))
                .hasMessageContaining("assigneeRole must be a code");
        assertThatThrownBy(() -> transactions.executeWithoutResult(s -> caseEvents.taskCompleted(caseId, 1L,
                "pot-meeting", Map.of("met Genevieve at the school on", LocalDate.of(2024, 3, 5)))))
                .hasMessageContaining("business date name must be a code");
        assertThat(jdbc.sql("SELECT count(*) FROM outbox_event").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void caseEventsCannotBeWrittenOutsideTheChangesTransaction() {
        ObjectNode referral = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        CaseId caseId = intake.accept(TestReferrals.bytes(referral), Channel.REST, "test").caseId();

        assertThatThrownBy(() -> caseEvents.caseClosed(caseId, "resolved"))
                .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
    }

    private void everyOtherKindOfEvent(CaseId caseId) {
        LocalDate due = LocalDate.of(2024, 3, 11);
        transactions.executeWithoutResult(s -> {
            caseEvents.deadlineSet(caseId, "L1", due);
            caseEvents.taskCreated(caseId, 2251799813685249L, "initial-consideration", due);
            caseEvents.taskAssigned(caseId, 2251799813685249L, "initial-consideration", "lado");
            caseEvents.taskUnassigned(caseId, 2251799813685249L, "initial-consideration");
            caseEvents.taskCompleted(caseId, 2251799813685249L, "initial-consideration",
                    Map.of("meetingHeldOn", due.minusDays(3)));
            caseEvents.taskCanceled(caseId, 2251799813685250L, "written-referral");
            caseEvents.decisionRecorded(caseId, "threshold", "threshold-met", "lado",
                    Map.of("harmTestLimb1", true, "harmTestLimb2", false));
            caseEvents.deadlineMet(caseId, "L1", due, due.minusDays(3), true);
            caseEvents.deadlineBreached(caseId, "L3", due.plusMonths(1), due.plusMonths(1).plusDays(2));
            caseEvents.deadlineLapsed(caseId, "L2a", due);
            caseEvents.outcomeRecorded(caseId, "kcsie-finding", "substantiated");
            caseEvents.noticeSent(caseId, "scr-not-initiated", List.of("national-panel", "ofsted"));
            caseEvents.breakGlass(caseId, "LADO_OFFICER");
            caseEvents.caseClosed(caseId, "resolved");
        });
    }

    private static String readType(byte[] value) {
        try {
            return TestReferrals.JSON.readTree(value).path("type").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
