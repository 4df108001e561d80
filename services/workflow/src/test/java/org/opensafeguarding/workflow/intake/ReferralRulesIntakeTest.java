package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every semantic and text rule over both doors, with the real database and broker: the REST answer names every
 * failing field and rule, the dead-letter headers the first; nothing is stored (no case, no inbox row, no engine
 * command, so no process starts and no incident can follow), and on Kafka the good record behind the bad one on the
 * same partition is taken in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class ReferralRulesIntakeTest {

    /**
     * A tenant the schema allows (up to 100 characters) but case.open does not (a code is at most 64). It cannot be
     * configured either (IntakeAuthorisationTest): a declared one is refused by the rule, not as unknown.
     */
    static final String LONG_TENANT = "partnership-" + "x".repeat(60);

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final MediaType CLOUDEVENTS = MediaType.parseMediaType("application/cloudevents+json");
    private static final List<String> TABLES = List.of("case_file", "referral", "intake_inbox", "engine_command",
            "outbox_event");

    static TestInfrastructure.Topics topics;
    static KafkaTestClient kafka;
    static KafkaTestClient.Reader deadLetters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topics = TestInfrastructure.register(registry);
        IntakeTestSetup.register(registry);
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void clients() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void close() {
        if (deadLetters != null) {
            deadLetters.close();
        }
        kafka.close();
    }

    /** Opened once the context has named the topics. */
    private static KafkaTestClient.Reader deadLetters() {
        if (deadLetters == null) {
            deadLetters = kafka.read(topics.dlt());
        }
        return deadLetters;
    }

    static List<ReferralRulesTest.Bad> badReferrals() {
        return ReferralRulesTest.badReferrals();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReferrals")
    void refusedOverRestWithEveryViolationAndOverKafkaWithTheFirstAndNothingIsStored(ReferralRulesTest.Bad bad) {
        ObjectNode event = TestReferrals.valid(bad.kind());
        bad.spoil().accept(event);
        byte[] record = ReferralRulesTest.encode(event);

        assertRefusedOverRest(record, IntakeTestSetup.integration(), "invalid-data", bad.field(), bad.rule(), bad.value());
        assertNothingStoredFor(event.get("id").asText());
        assertRefusedOverKafka(record, "invalid-data", bad.field(), bad.rule(), bad.value());
        assertNothingStoredFor(event.get("id").asText());
    }

    @Test
    void anOverlongUtf8SequenceIsRefusedOverBothDoorsBeforeJsonIsRead() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        // C0 80: an overlong NUL, which a lenient decoder turns into U+0000
        byte[] record = ReferralRulesTest.withNarrativeBytes(event, new byte[] {(byte) 0xC0, (byte) 0x80});

        assertRefusedOverRest(record, IntakeTestSetup.integration(), "invalid-json", "/data/allegation/narrative",
                "utf-8", "grabbed");
        assertRefusedOverKafka(record, "invalid-json", "/data/allegation/narrative", "utf-8", "grabbed");
        assertNothingStoredFor(event.get("id").asText());
    }

    @Test
    void aCdopNotificationDateIsTakenAndBecomesTheNotifiedAtClockStop() throws Exception {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) event.get("data")).put("notifiedAt", "2024-02-11T14:05:00Z");

        ResponseEntity<JsonNode> response = post(TestReferrals.bytes(event), IntakeTestSetup.integration());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String variables = jdbc.sql("SELECT variables::text FROM engine_command WHERE case_id = CAST(:id AS UUID)")
                .param("id", response.getBody().path("caseId").asText()).query(String.class).single();
        assertThat(TestReferrals.JSON.readTree(variables).path("notifiedAt").asText()).isEqualTo("2024-02-11T14:05:00Z");
    }

    private void assertRefusedOverRest(byte[] record, String token, String reason, String field, String rule,
                                       String value) {
        Map<String, Long> before = counts();

        ResponseEntity<JsonNode> response = post(record, token);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode problem = response.getBody();
        assertThat(problem.path("reason").asText()).isEqualTo(reason);
        assertThat(problem.path("field").asText()).isEqualTo(field);
        assertThat(problem.path("rule").asText()).isEqualTo(rule);
        assertThat(problem.path("errors").findValuesAsText("field")).contains(field);
        assertThat(problem.path("errors").findValuesAsText("message")).allSatisfy(m -> assertThat(m).isNotBlank()
                .doesNotStartWith(":"));
        if (value != null) {
            assertThat(problem.toString()).doesNotContain(value);
        }
        assertThat(counts()).isEqualTo(before);
    }

    private void assertRefusedOverKafka(byte[] record, String reason, String field, String rule, String value) {
        String key = "rules-" + UUID.randomUUID();
        Map<String, Long> before = counts();
        ObjectNode next = TestReferrals.valid(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);

        kafka.send(topics.referrals(), key, record);
        kafka.send(topics.referrals(), key, TestReferrals.bytes(next));

        await().atMost(WAIT).until(() -> findDeadLetter(key).isPresent());
        ConsumerRecord<String, byte[]> dead = findDeadLetter(key).orElseThrow();
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo(reason);
        assertThat(header(dead, DeadLetterHeaders.FIELD)).isEqualTo(field);
        assertThat(header(dead, DeadLetterHeaders.RULE)).isEqualTo(rule);
        assertThat(header(dead, DeadLetterHeaders.MESSAGE)).isNotBlank().doesNotStartWith(":");
        if (value != null) {
            assertThat(header(dead, DeadLetterHeaders.MESSAGE)).doesNotContain(value);
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).doesNotContain(value);
        }
        // the partition moved on: the good record behind the bad one is a case, and it is the only new one
        await().atMost(WAIT).until(() -> countWhere("referral", "event_id", next.get("id").asText()) == 1);
        Map<String, Long> after = counts();
        for (String table : TABLES) {
            assertThat(after.get(table)).as(table).isEqualTo(before.get(table) + 1);
        }
    }

    private void assertNothingStoredFor(String eventId) {
        assertThat(countWhere("intake_inbox", "event_id", eventId)).isZero();
        assertThat(countWhere("referral", "event_id", eventId)).isZero();
    }

    private ResponseEntity<JsonNode> post(byte[] body, String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(CLOUDEVENTS);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        return http.postForEntity("/api/referrals", new HttpEntity<>(body, headers), JsonNode.class);
    }

    private Optional<ConsumerRecord<String, byte[]>> findDeadLetter(String key) {
        return deadLetters().records().stream().filter(r -> key.equals(r.key())).findFirst();
    }

    private long countWhere(String table, String column, Object value) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :v").param("v", value)
                .query(Long.class).single();
    }

    private Map<String, Long> counts() {
        return TABLES.stream().collect(Collectors.toMap(t -> t,
                t -> jdbc.sql("SELECT count(*) FROM " + t).query(Long.class).single()));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
