package org.opensafeguarding.workflow.intake;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.support.CaseEventSchema;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records retrying cannot fix never stop a partition (issue 10): a referral the database refuses (a test-only trigger
 * on {@code referral} raises a check violation, quoting the row, for one marker value), a referral with an escaped
 * NUL in a text field, and one that fails for a transient reason for a long time (the trigger raises lock-not-available).
 * Real broker, real database; the logs of the whole class are captured and must hold none of the referrals' values.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + WorkflowApplication.CONFIG_NAME,
                "safeguarding.intake.retry-initial=100ms", "safeguarding.intake.retry-max=400ms",
                "safeguarding.intake.permanent-failure-retries=2", "safeguarding.intake.stuck-after=3s",
                "safeguarding.intake.stuck-attempts=1000", "safeguarding.intake.health-refresh=1s"})
@DirtiesContext
class PoisonRecordTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Within seconds: the partition is not waiting for anything once the bad record is parked. */
    private static final Duration PROMPTLY = Duration.ofSeconds(15);
    private static final String REFUSED_MARKER = "Refuse-This-Row";
    private static final String STUCK_MARKER = "Lock-This-Row";

    static TestInfrastructure.Topics topics;
    static KafkaTestClient kafka;
    static KafkaTestClient.Reader deadLetters;
    static KafkaTestClient.Reader receipts;
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topics = TestInfrastructure.register(registry);
        IntakeTestSetup.register(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestRestTemplate http;

    /** The actuator's own port (workflow.yml: management.server.port), randomised by the test like the server's. */
    @LocalManagementPort
    int managementPort;

    @Value("${spring.flyway.url}")
    String ownerUrl;

    @BeforeAll
    static void start() {
        kafka = new KafkaTestClient();
        logs.start();
    }

    @AfterAll
    static void stop() {
        root().detachAppender(logs);
        if (deadLetters != null) {
            deadLetters.close();
            receipts.close();
        }
        kafka.close();
    }

    /** A trigger as a bug or a new constraint would behave: refuses one row, and quotes it in its message. */
    @BeforeEach
    void refusingTrigger() throws SQLException {
        if (deadLetters == null) {
            // the topics' names are known once the context has registered them
            deadLetters = kafka.read(topics.dlt());
            receipts = kafka.read(topics.receipts());
            // after the context started: Spring Boot configures logging afresh when it starts
            root().addAppender(logs);
        }
        owner("""
                CREATE OR REPLACE FUNCTION test_refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.payload::text LIKE '%%%1$s%%' THEN
                        RAISE EXCEPTION 'refused row %%', NEW.payload::text USING ERRCODE = 'check_violation',
                            DETAIL = 'Failing row contains ' || NEW.payload::text;
                    END IF;
                    RETURN NEW;
                END $$;
                DROP TRIGGER IF EXISTS test_refuse_marked ON referral;
                CREATE TRIGGER test_refuse_marked BEFORE INSERT ON referral FOR EACH ROW EXECUTE FUNCTION test_refuse_marked();
                """.formatted(REFUSED_MARKER));
    }

    /** As a lock held elsewhere for a long time would behave: transient, for one row. */
    private void lockingTrigger() throws SQLException {
        owner("""
                CREATE OR REPLACE FUNCTION test_lock_marked() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.payload::text LIKE '%%%1$s%%' THEN
                        RAISE EXCEPTION 'row locked %%', NEW.payload::text USING ERRCODE = 'lock_not_available';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER test_lock_marked BEFORE INSERT ON referral FOR EACH ROW EXECUTE FUNCTION test_lock_marked();
                """.formatted(STUCK_MARKER));
    }

    @AfterEach
    void everythingAcknowledged() throws SQLException {
        owner("DROP TRIGGER IF EXISTS test_lock_marked ON referral");
        acknowledgeAll();
        await().atMost(WAIT).until(() -> "UP".equals(intakeHealth().getBody().path("status").asText()));
    }

    @Test
    void aRecordTheDatabaseRefusesIsParkedAndTheNextRecordOnItsPartitionIsTakenInWithinSeconds() throws IOException {
        String key = "refused-" + UUID.randomUUID();
        ObjectNode refused = marked(REFUSED_MARKER);
        ObjectNode next = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        int logsBefore = logs.list.size();

        kafka.send(topics.referrals(), key, TestReferrals.bytes(refused));
        kafka.send(topics.referrals(), key, TestReferrals.bytes(next));

        await().atMost(PROMPTLY).until(() -> referrals(id(next)) == 1);
        assertThat(referrals(id(refused))).isZero();
        assertThat(count("SELECT count(*) FROM intake_inbox WHERE event_id = '" + id(refused) + "'")).isZero();
        var kept = jdbc.sql("""
                SELECT id, reason, detail->>'rule' AS rule, channel, payload FROM referral_quarantine WHERE event_id = :id
                """).param("id", id(refused)).query().singleRow();
        assertThat(kept).containsEntry("reason", "storage-refused").containsEntry("rule", "23514")
                .containsEntry("channel", "KAFKA");
        assertThat((byte[]) kept.get("payload")).isEqualTo(TestReferrals.bytes(refused));
        String quarantineId = kept.get("id").toString();

        ConsumerRecord<String, byte[]> dead = await().atMost(WAIT).until(() -> find(deadLetters, key), Optional::isPresent)
                .orElseThrow();
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("storage-refused");
        assertThat(header(dead, DeadLetterHeaders.RULE)).isEqualTo("23514");
        assertThat(header(dead, DeadLetterHeaders.QUARANTINE_ID)).isEqualTo(quarantineId);
        assertNothingOf(refused, dead.toString() + new String(dead.value(), StandardCharsets.UTF_8) + headers(dead));

        JsonNode receipt = awaitReceipt(id(refused));
        assertThat(receipt.at("/data/status").asText()).isEqualTo("refused");
        assertThat(receipt.at("/data/reason").asText()).isEqualTo("storage-refused");
        assertThat(receipt.at("/data/rule").asText()).isEqualTo("23514");
        assertThat(receipt.at("/data/quarantineId").asText()).isEqualTo(quarantineId);
        assertNothingOf(refused, receipt.toString());

        // the database's message and detail quote the row; no log line may
        assertThat(logs.list.size()).isGreaterThan(logsBefore);
        assertNothingOf(refused, logText(logsBefore));
        assertThat(logText(logsBefore)).contains("23514").doesNotContain(REFUSED_MARKER);

        ResponseEntity<JsonNode> degraded = intakeHealth();
        assertThat(degraded.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(degraded.getBody().path("status").asText()).isEqualTo("DEGRADED");
        assertThat(degraded.getBody().at("/details/unacknowledgedQuarantined").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(degraded.getBody().at("/details/unacknowledgedByReason/storage-refused").asLong()).isEqualTo(1);
        // no engine runs here, so the service as a whole is DOWN for that; the intake component says its own
        assertThat(http.getForEntity("http://localhost:" + managementPort + "/actuator/health", JsonNode.class)
                .getBody().at("/components/intake/status").asText()).isEqualTo("DEGRADED");
        assertNothingOf(refused, degraded.getBody().toString());

        ResponseEntity<JsonNode> acknowledged = acknowledge("{\"ids\":[\"" + quarantineId + "\"]}");
        assertThat(acknowledged.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(acknowledged.getBody().path("acknowledged").asInt()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'UPDATE' AND resource_type = 'referral-quarantine'"))
                .isGreaterThanOrEqualTo(1);
        assertThat(intakeHealth().getBody().at("/details/unacknowledgedByReason/storage-refused").isMissingNode()).isTrue();
    }

    @Test
    void aRecordWithAnEscapedNulIsParkedAndThePartitionMovesOn() {
        String key = "nul-" + UUID.randomUUID();
        ObjectNode nul = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) nul.get("data")).put("circumstances", "Found unresponsive\u0000 at home.");
        ObjectNode next = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        assertThat(new String(TestReferrals.bytes(nul), StandardCharsets.UTF_8)).contains("\\u0000");
        int logsBefore = logs.list.size();

        kafka.send(topics.referrals(), key, TestReferrals.bytes(nul));
        kafka.send(topics.referrals(), key, TestReferrals.bytes(next));

        await().atMost(PROMPTLY).until(() -> referrals(id(next)) == 1);
        assertThat(referrals(id(nul))).isZero();
        // refused by the database (storage-refused, 22P05) or, with the intake's text rules, before it: parked either way
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM referral_quarantine WHERE event_id = '" + id(nul)
                + "'") == 1);
        assertThat(awaitReceipt(id(nul)).at("/data/status").asText()).isEqualTo("refused");
        await().atMost(WAIT).until(() -> "DEGRADED".equals(intakeHealth().getBody().path("status").asText()));
        assertNothingOf(nul, logText(logsBefore));
    }

    @Test
    void restAnswersARecordTheDatabaseRefusesWith422AndNoInvitationToRetry() {
        ObjectNode refused = marked(REFUSED_MARKER);

        ResponseEntity<JsonNode> answer = post(refused);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
        assertThat(answer.getHeaders().getContentType().toString()).contains("problem+json");
        JsonNode problem = answer.getBody();
        assertThat(problem.path("code").asText()).isEqualTo("storage-refused");
        assertThat(problem.path("rule").asText()).isEqualTo("23514");
        assertNothingOf(refused, problem.toString());
        UUID quarantineId = UUID.fromString(problem.path("quarantineId").asText());
        assertThat(jdbc.sql("SELECT channel FROM referral_quarantine WHERE id = :id").param("id", quarantineId)
                .query(String.class).single()).isEqualTo("REST");
        // nothing half-stored: the case, inbox row and audit rows of the attempt went with its transaction
        assertThat(referrals(id(refused))).isZero();
        assertThat(count("SELECT count(*) FROM intake_inbox WHERE event_id = '" + id(refused) + "'")).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'CREATE' AND detail->>'eventId' = '"
                + id(refused) + "'")).isZero();
        // and the same again is refused the same way, not taken half
        assertThat(post(refused).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    }

    @Test
    void aRecordFailingForATransientReasonForLongMakesIntakeDownUntilItPasses() throws SQLException {
        String key = "stuck-" + UUID.randomUUID();
        ObjectNode stuck = marked(STUCK_MARKER);
        ObjectNode behind = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        lockingTrigger();

        kafka.send(topics.referrals(), key, TestReferrals.bytes(stuck));
        kafka.send(topics.referrals(), key, TestReferrals.bytes(behind));

        ResponseEntity<JsonNode> down = await().atMost(WAIT).until(this::intakeHealth,
                r -> "DOWN".equals(r.getBody().path("status").asText()));
        assertThat(down.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(down.getBody().at("/details/stuckPartitions").asInt()).isEqualTo(1);
        // transient: waited out, never parked, and the record behind it waits too
        assertThat(count("SELECT count(*) FROM referral_quarantine WHERE event_id = '" + id(stuck) + "'")).isZero();
        assertThat(referrals(id(behind))).isZero();

        owner("DROP TRIGGER test_lock_marked ON referral");
        await().atMost(WAIT).until(() -> referrals(id(stuck)) == 1 && referrals(id(behind)) == 1);
        await().atMost(WAIT).until(() -> "UP".equals(intakeHealth().getBody().path("status").asText()));
        assertThat(find(deadLetters, key)).isEmpty();
    }

    @Test
    void everyKafkaReferralGetsAReceiptKeyedByItsEventId() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ObjectNode invalid = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ((ObjectNode) invalid.at("/data/allegation")).put("abuseCategory", "not-a-category");
        String key = "receipt-" + UUID.randomUUID();

        kafka.send(topics.referrals(), key, TestReferrals.bytes(event));
        kafka.send(topics.referrals(), key, TestReferrals.bytes(event));
        kafka.send(topics.referrals(), key, TestReferrals.bytes(invalid));
        kafka.send(topics.referrals(), key, "{\"specversion\":".getBytes(StandardCharsets.UTF_8));

        List<JsonNode> forEvent = await().atMost(WAIT).until(() -> receiptsFor(id(event)), r -> r.size() == 2);
        String caseId = jdbc.sql("SELECT case_id FROM referral WHERE event_id = :id").param("id", id(event))
                .query(UUID.class).single().toString();
        assertThat(forEvent).extracting(r -> r.at("/data/status").asText()).containsExactly("accepted", "replay");
        assertThat(forEvent).allSatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("org.opensafeguarding.referral.receipt");
            assertThat(r.path("specversion").asText()).isEqualTo("1.0");
            assertThat(r.at("/data/caseId").asText()).isEqualTo(caseId);
            assertThat(r.at("/data/referralId").asText()).isNotBlank();
            assertThat(r.at("/data/record/topic").asText()).isEqualTo(topics.referrals());
            assertNothingOf(event, r.toString());
        });

        JsonNode refused = await().atMost(WAIT).until(() -> receiptsFor(id(invalid)), r -> r.size() == 1).get(0);
        assertThat(refused.at("/data/status").asText()).isEqualTo("refused");
        assertThat(refused.at("/data/reason").asText()).isEqualTo("schema");
        assertThat(refused.at("/data/field").asText()).isEqualTo("/data/allegation/abuseCategory");
        assertThat(refused.at("/data/rule").asText()).isNotBlank();
        assertThat(refused.at("/data/quarantineId").asText()).isNotBlank();
        assertThat(refused.has("caseId")).isFalse();
        // every receipt is what the published schema says
        assertThat(List.of(forEvent.get(0), forEvent.get(1), refused))
                .allSatisfy(r -> assertThat(CaseEventSchema.receiptViolations(r)).as("%s", r).isEmpty());

        // no usable event id: keyed by where the record was
        await().atMost(WAIT).until(() -> receipts.records().stream().anyMatch(r -> r.key().startsWith(topics.referrals() + "-")
                && json(r).at("/data/reason").asText().equals("invalid-json")));
    }

    private ObjectNode marked(String marker) {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) event.get("data")).put("circumstances", marker + ": found unresponsive at home.");
        return event;
    }

    private JsonNode awaitReceipt(String eventId) {
        return await().atMost(WAIT).until(() -> receiptsFor(eventId), r -> !r.isEmpty()).get(0);
    }

    private static List<JsonNode> receiptsFor(String eventId) {
        return receipts.records().stream().filter(r -> eventId.equals(r.key())).map(PoisonRecordTest::json).toList();
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return TestReferrals.JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ResponseEntity<JsonNode> intakeHealth() {
        return http.getForEntity("http://localhost:" + managementPort + "/actuator/health/intake", JsonNode.class);
    }

    private ResponseEntity<JsonNode> acknowledge(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(HttpHeaders.AUTHORIZATION, TestCallers.person("test-auditor", Set.of("AUDITOR"), Set.of(),
                Set.of(IntakeTestSetup.TENANT)));
        return http.exchange("/api/quarantine/acknowledgement", HttpMethod.POST, new HttpEntity<>(body, headers),
                JsonNode.class);
    }

    private void acknowledgeAll() {
        assertThat(acknowledge("{\"receivedBefore\":\"2999-01-01\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<JsonNode> post(JsonNode event) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(HttpHeaders.AUTHORIZATION, IntakeTestSetup.integration());
        return http.postForEntity("/api/referrals", new HttpEntity<>(TestReferrals.bytes(event), headers), JsonNode.class);
    }

    private void owner(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ownerUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long referrals(String eventId) {
        return jdbc.sql("SELECT count(*) FROM referral WHERE event_id = :id").param("id", eventId).query(Long.class).single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static String id(JsonNode event) {
        return event.get("id").asText();
    }

    private static Optional<ConsumerRecord<String, byte[]>> find(KafkaTestClient.Reader reader, String key) {
        return reader.records().stream().filter(r -> key.equals(r.key())).findFirst();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String headers(ConsumerRecord<?, ?> record) {
        StringBuilder out = new StringBuilder();
        record.headers().forEach(h -> out.append(h.key()).append('=')
                .append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)).append('\n'));
        return out.toString();
    }

    /** Every log event since {@code from}: message, and every throwable's class, message and stack in the chain. */
    private static String logText(int from) {
        List<ILoggingEvent> events = new ArrayList<>(logs.list);
        StringBuilder out = new StringBuilder();
        for (ILoggingEvent e : events.subList(from, events.size())) {
            out.append(e.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                out.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
                for (IThrowableProxy suppressed : t.getSuppressed()) {
                    out.append(suppressed.getClassName()).append(": ").append(suppressed.getMessage()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void assertNothingOf(JsonNode event, String text) {
        for (String value : TestReferrals.sensitiveValues(event.get("data"))) {
            assertThat(text).as("a value of the referral").doesNotContain(value);
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
