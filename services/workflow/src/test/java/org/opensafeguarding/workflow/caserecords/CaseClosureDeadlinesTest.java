package org.opensafeguarding.workflow.caserecords;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.intake.Channel;
import org.opensafeguarding.workflow.intake.ReferralIntake;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a case settles its deadlines: the ones still OPEN lapse with an event each, so reporting never sees a
 * deadline of a closed case as running; met and breached ones keep their outcome. Against the real database.
 */
@SpringBootTest(properties = {"spring.config.name=" + WorkflowApplication.CONFIG_NAME,
        "safeguarding.deployment.enabled=false", "camunda.client.worker.defaults.enabled=false"})
@DirtiesContext
class CaseClosureDeadlinesTest {

    private static final Instant DUE = Instant.parse("2024-03-12T00:00:00Z");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired
    ReferralIntake intake;
    @Autowired
    CaseClosing closing;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void openDeadlinesLapseWithAnEventEachAndSettledOnesKeepTheirOutcome() {
        CaseId lado = intake.accept(TestReferrals.bytes(TestReferrals.valid(ReferralKind.LADO_ALLEGATION)),
                Channel.REST, "test").caseId();
        deadline(lado, "L2a", "OPEN");
        deadline(lado, "L2b", "MET");
        deadline(lado, "L7", "BREACHED");
        deadline(lado, "L8a", "OPEN");
        Instant closedAt = Instant.parse("2024-05-01T10:00:00Z");

        boolean closed = transactions.execute(s -> closing.close(lado, null, closedAt, "test"));
        boolean again = transactions.execute(s -> closing.close(lado, null, closedAt.plusSeconds(60), "test"));

        assertThat(closed).isTrue();
        assertThat(again).isFalse();
        assertThat(jdbc.sql("SELECT timescale_id || '=' || status FROM case_deadline WHERE case_id = :id ORDER BY timescale_id")
                .param("id", lado.value()).query(String.class).list())
                .containsExactly("L2a=LAPSED", "L2b=MET", "L7=BREACHED", "L8a=LAPSED");
        assertThat(jdbc.sql("SELECT count(*) FROM case_deadline WHERE case_id = :id AND status = 'LAPSED' AND resolved_at = :at")
                .param("id", lado.value()).param("at", Timestamp.from(closedAt)).query(Long.class).single()).isEqualTo(2);
        List<String> events = jdbc.sql("""
                        SELECT event_type || coalesce(':' || (envelope->'data'->>'timescale'), '') FROM outbox_event
                        WHERE case_id = :id AND event_type LIKE '%.deadline.lapsed' OR (case_id = :id AND event_type LIKE '%.closed')
                        ORDER BY id""")
                .param("id", lado.value()).query(String.class).list();
        assertThat(events).containsExactly("org.opensafeguarding.case.deadline.lapsed:L2a",
                "org.opensafeguarding.case.deadline.lapsed:L8a", "org.opensafeguarding.case.closed");
    }

    private void deadline(CaseId caseId, String timescale, String status) {
        jdbc.sql("""
                        INSERT INTO case_deadline (case_id, timescale_id, variable, clock_start, due_at, status, set_at)
                        VALUES (:id, :ts, :var, :start, :due, :status, :start)""")
                .param("id", caseId.value()).param("ts", timescale).param("var", "due" + timescale)
                .param("start", Timestamp.from(DUE.minusSeconds(86_400 * 7))).param("due", Timestamp.from(DUE))
                .param("status", status).update();
    }
}
