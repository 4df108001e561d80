package org.opensafeguarding.reporting.consumption;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.reporting.ReportingApplication;
import org.opensafeguarding.reporting.rebuild.ProjectionChecksums;
import org.opensafeguarding.reporting.support.CaseEvents;
import org.opensafeguarding.reporting.support.MutableClock;
import org.opensafeguarding.reporting.support.ReportingStack;
import org.opensafeguarding.reporting.support.TestClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Case events in the workflow service's format, through the in-process broker, into the projections in the
 * embedded PostgreSQL: each lands once, in its case's order, or is held, or parked with its reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + ReportingApplication.CONFIG_NAME,
                // a lock held by the test makes the consumer fail fast with a transient error instead of waiting
                "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '300ms'"})
@Import(TestClock.class)
class ConsumptionTest {

    static String topic;
    static KafkaProducer<String, byte[]> producer;
    final CaseEvents events = new CaseEvents("leeds");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topic = ReportingStack.register(registry, "consumption");
    }

    @BeforeAll
    static void open() {
        producer = ReportingStack.producer();
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestRestTemplate http;

    /** The actuator's own port (reporting.yml: management.server.port), randomised by the test like the server's. */
    @LocalManagementPort
    int managementPort;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ProjectionChecksums checksums;

    @Autowired
    DataSource dataSource;

    private void send(CaseEvents.Case c, byte[]... values) {
        ReportingStack.send(producer, topic, c.pseudonym, List.of(values));
    }

    private long timelineRows(CaseEvents.Case c) {
        return jdbc.queryForObject("SELECT count(*) FROM case_timeline WHERE case_pseudonym = ?", Long.class, c.pseudonym);
    }

    @Test
    void aCasesEventsLandInTimelineStagesAndDeadlines() {
        CaseEvents.Case c = events.lado("lands");
        LocalDate referral = LocalDate.of(2026, 3, 2);
        send(c, c.opened(referral, "lado-allegation", referral, "10-14y",
                        Map.of("setting", "education", "abuseCategory", "physical", "urgent", false)),
                c.deadline("set", "L1", LocalDate.of(2026, 3, 3), referral),
                c.task("created", "t1", "PotMeeting", referral, null),
                c.task("assigned", "t1", "PotMeeting", LocalDate.of(2026, 3, 3), "LADO_OFFICER"),
                // the meeting was held on Thursday; the form was submitted on Monday
                c.unchecked().withData("case.task.completed", taskData(c, "t1", "PotMeeting", LocalDate.of(2026, 3, 9)),
                        Map.of("meetingHeldOn", "2026-03-05")),
                c.deadline("met", "L1", LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 2)),
                c.deadline("set", "L8b1", LocalDate.of(2026, 4, 2), referral));

        await().atMost(Duration.ofSeconds(30)).until(() -> timelineRows(c) == 7);
        assertThat(jdbc.queryForList("SELECT sequence FROM case_timeline WHERE case_pseudonym = ? ORDER BY sequence",
                Long.class, c.pseudonym)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(jdbc.queryForObject("SELECT business_date::text FROM case_timeline WHERE case_pseudonym = ? "
                + "AND sequence = 5", String.class, c.pseudonym)).isEqualTo("2026-03-05");
        Map<String, Object> stage = jdbc.queryForMap("SELECT state, created_on::text AS created, assigned_on::text AS "
                + "assigned, assignee_role, completed_on::text AS completed, working_days FROM stage WHERE case_pseudonym = ?",
                c.pseudonym);
        assertThat(stage).containsEntry("state", "COMPLETED").containsEntry("created", "2026-03-02")
                .containsEntry("assigned", "2026-03-03").containsEntry("assignee_role", "LADO_OFFICER")
                .containsEntry("completed", "2026-03-05").containsEntry("working_days", 3);
        List<Map<String, Object>> deadlines = jdbc.queryForList("SELECT timescale, state, days_early FROM deadline "
                + "WHERE case_pseudonym = ? ORDER BY timescale", c.pseudonym);
        assertThat(deadlines).hasSize(2);
        assertThat(deadlines.get(0)).containsEntry("timescale", "L1").containsEntry("state", "MET")
                .containsEntry("days_early", 1);
        assertThat(deadlines.get(1)).containsEntry("timescale", "L8b1").containsEntry("state", "OPEN");
        assertThat(jdbc.queryForObject("SELECT categories->>'setting' FROM case_summary WHERE case_pseudonym = ?",
                String.class, c.pseudonym)).isEqualTo("education");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode taskData(CaseEvents.Case c, String task,
                                                                         String taskType, LocalDate on) {
        com.fasterxml.jackson.databind.node.ObjectNode data = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode();
        data.put("case", c.pseudonym);
        data.put("caseType", "LADO_ALLEGATION");
        data.put("processVersion", "LADO-WT2018");
        data.put("tenant", "leeds");
        data.put("occurredOn", on.toString());
        data.put("task", CaseEvents.pseudonym(task));
        data.put("taskType", taskType);
        return data;
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        CaseEvents.Case c = events.childDeath("redelivered");
        LocalDate on = LocalDate.of(2026, 2, 2);
        List<byte[]> batch = List.of(c.opened(on, "child-death-notification", on, "1-4y", Map.of("expectedness", "unexpected")),
                c.deadline("set", "C1", LocalDate.of(2026, 2, 4), on),
                c.task("created", "cd1", "Iisd", on, null),
                c.outcome("category-of-death", "9", LocalDate.of(2026, 2, 20)));
        ReportingStack.send(producer, topic, c.pseudonym, batch);
        await().atMost(Duration.ofSeconds(30)).until(() -> timelineRows(c) == 4);
        ReportingStack.awaitConsumed(topic, "reporting-" + topic);
        Map<String, String> before = checksums.of(1);

        ReportingStack.send(producer, topic, c.pseudonym, batch);
        ReportingStack.awaitConsumed(topic, "reporting-" + topic);

        assertThat(checksums.of(1)).isEqualTo(before);
        assertThat(timelineRows(c)).isEqualTo(4);
    }

    @Test
    void anEventAfterAGapIsHeldUntilTheGapFills() {
        CaseEvents.Case c = events.lado("gap");
        LocalDate on = LocalDate.of(2026, 3, 2);
        byte[] first = c.opened(on, "lado-allegation", on, "5-9y", Map.of("setting", "sport"));
        byte[] second = c.task("created", "g1", "InitialConsideration", on, null);
        byte[] third = c.task("assigned", "g1", "InitialConsideration", on, "LADO_OFFICER");
        byte[] fourth = c.task("completed", "g1", "InitialConsideration", LocalDate.of(2026, 3, 3), null);
        send(c, first, third, fourth);

        await().atMost(Duration.ofSeconds(30)).until(() -> pending(c) == 2);
        assertThat(timelineRows(c)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stage WHERE case_pseudonym = ?", Long.class, c.pseudonym))
                .isZero();

        send(c, second);
        await().atMost(Duration.ofSeconds(30)).until(() -> timelineRows(c) == 4);
        assertThat(pending(c)).isZero();
        assertThat(jdbc.queryForMap("SELECT state, assignee_role, working_days FROM stage WHERE case_pseudonym = ?",
                c.pseudonym)).containsEntry("state", "COMPLETED").containsEntry("assignee_role", "LADO_OFFICER")
                .containsEntry("working_days", 1);
        assertThat(jdbc.queryForObject("SELECT last_sequence FROM case_position WHERE case_pseudonym = ?", Long.class,
                c.pseudonym)).isEqualTo(4L);
    }

    @Test
    void aGapOlderThanTheTimeoutIsReportedByHealthAndMetric() {
        CaseEvents.Case c = events.seriousIncident("stale");
        LocalDate on = LocalDate.of(2026, 3, 2);
        byte[] first = c.opened(on, "serious-incident-notification", on, "15-17y", Map.of("lookedAfter", true));
        byte[] second = c.deadline("set", "R1", LocalDate.of(2026, 3, 9), on);
        byte[] third = c.notice("sin-submitted", LocalDate.of(2026, 3, 6));
        send(c, first, third);
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(c) == 1);
        assertThat(health().at("/components/eventSequence/status").asText()).isEqualTo("UP");
        assertThat(health().at("/components/eventSequence/details/heldEvents").asLong()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(16));
        try {
            JsonNode down = health();
            assertThat(down.path("status").asText()).isEqualTo("DOWN");
            assertThat(down.at("/components/eventSequence/status").asText()).isEqualTo("DOWN");
            assertThat(down.at("/components/eventSequence/details/staleGaps").asLong()).isEqualTo(1);
            assertThat(meters.get("reporting.events.gaps.stale").gauge().value()).isEqualTo(1.0);

            send(c, second);
            await().atMost(Duration.ofSeconds(30)).until(() -> pending(c) == 0);
            assertThat(health().at("/components/eventSequence/status").asText()).isEqualTo("UP");
            assertThat(meters.get("reporting.events.gaps.stale").gauge().value()).isZero();
        } finally {
            clock.set(TestClock.START);
        }
    }

    @Test
    void malformedAndUnknownRecordsAreParkedWithTheirReasonAndDoNotHoldTheCase() {
        CaseEvents.Case c = events.lado("parked");
        LocalDate on = LocalDate.of(2026, 3, 2);
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] opened = c.opened(on, "lado-allegation", on, "5-9y", Map.of("setting", "health"));
        // a type this service does not know yet (another team is adding receipts), taking sequence 2
        byte[] unknown = c.unchecked().withData("case.receipt.recorded", taskData(c, "r1", "Receipt", on), null);
        // sequence 3: a task event without its taskType
        com.fasterxml.jackson.databind.node.ObjectNode noType = taskData(c, "p1", "X", on);
        noType.remove("taskType");
        byte[] missing = c.unchecked().withData("case.task.created", noType, null);
        byte[] fine = c.task("created", "p2", "InitialConsideration", on, null);
        send(c, garbage, opened, unknown, missing, fine);

        await().atMost(Duration.ofSeconds(30)).until(() -> timelineRows(c) == 2);
        assertThat(pending(c)).isZero();
        List<Map<String, Object>> parked = jdbc.queryForList("SELECT reason, field, rule, sequence, payload FROM parked_event "
                + "WHERE case_pseudonym = ? OR (case_pseudonym IS NULL AND reason = 'invalid-json') ORDER BY kafka_offset",
                c.pseudonym);
        assertThat(parked).extracting(r -> r.get("reason") + " " + r.get("field") + " " + r.get("rule"))
                .containsExactly("invalid-json  syntax", "unknown-type /type known-type",
                        "data /data/taskType required");
        assertThat((byte[]) parked.get(0).get("payload")).isEqualTo(garbage);
        assertThat((byte[]) parked.get(1).get("payload")).isEqualTo(unknown);
        assertThat(health().at("/components/eventSequence/details/parkedEvents").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anEventTheProjectionCannotStoreIsParkedAndTheRestOfItsBatchLands() {
        CaseEvents.Case bad = events.lado("unstorable");
        CaseEvents.Case good = events.lado("stored-beside-it");
        LocalDate on = LocalDate.of(2026, 3, 2);
        // a code longer than the column: valid for the parser, refused by the database, for ever
        com.fasterxml.jackson.databind.node.ObjectNode tooLong = taskData(bad, "u1", "InitialConsideration", on);
        tooLong.put("processVersion", "LADO-" + "X".repeat(50));
        ReportingStack.send(producer, topic, bad.pseudonym, List.of(
                good.opened(on, "lado-allegation", on, "5-9y", Map.of("setting", "health")),
                bad.unchecked().withData("case.task.created", tooLong, null),
                bad.task("assigned", "u1", "InitialConsideration", on, "LADO_OFFICER"),
                // a sequence beyond any long is unreadable, not fatal
                "{\"specversion\":\"1.0\",\"id\":\"x-1\",\"type\":\"t\",\"sequence\":\"9999999999999999999\"}"
                        .getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(30)).until(() -> timelineRows(good) == 1 && timelineRows(bad) == 1);
        assertThat(jdbc.queryForList("SELECT reason || ' ' || rule FROM parked_event WHERE case_pseudonym = ?",
                String.class, bad.pseudonym)).containsExactly("projection-failed projectable");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM parked_event WHERE event_id = 'x-1' AND reason = 'envelope'",
                Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT last_sequence FROM case_position WHERE case_pseudonym = ?", Long.class,
                bad.pseudonym)).isEqualTo(2L);
    }

    @Test
    void aTransientDatabaseFailureIsRetriedUntilItPasses() throws Exception {
        CaseEvents.Case c = events.lado("transient");
        LocalDate on = LocalDate.of(2026, 3, 2);
        double failuresBefore = meters.get("reporting.events.transient-failures").counter().count();
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE case_position IN ACCESS EXCLUSIVE MODE");
            }
            send(c, c.opened(on, "lado-allegation", on, "5-9y", Map.of("setting", "faith")));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    meters.get("reporting.events.transient-failures").counter().count() > failuresBefore);
            blocker.rollback();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> timelineRows(c) == 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM parked_event WHERE case_pseudonym = ?", Long.class,
                c.pseudonym)).isZero();
    }

    private long pending(CaseEvents.Case c) {
        return jdbc.queryForObject("SELECT count(*) FROM pending_event WHERE case_pseudonym = ?", Long.class, c.pseudonym);
    }

    private JsonNode health() {
        return http.getForObject("http://localhost:" + managementPort + "/actuator/health", JsonNode.class);
    }

    static List<byte[]> list(byte[]... values) {
        return new ArrayList<>(List.of(values));
    }
}
