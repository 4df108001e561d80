package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensafeguarding.testkit.EmbeddedKafkaSupport;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.opensafeguarding.workflow.support.CaseEventSchema;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opensafeguarding.workflow.support.TestReferrals.bytes;

/**
 * Referral records through the real broker into the real database. No engine runs here: the start command must
 * wait, retrying, and nothing about intake may depend on the engine being up.
 */
@SpringBootTest(properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class KafkaReferralIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> TABLES = List.of("case_file", "referral", "intake_inbox", "engine_command",
            "outbox_event");

    static TestInfrastructure.Topics topics;
    static KafkaTestClient kafka;
    static KafkaTestClient.Reader caseEvents;
    static KafkaTestClient.Reader deadLetters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topics = TestInfrastructure.register(registry);
        IntakeTestSetup.register(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReferralQuarantine quarantine;

    @Autowired
    Pseudonymiser pseudonyms;

    @BeforeAll
    static void clients() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void close() {
        if (caseEvents != null) {
            caseEvents.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        kafka.close();
    }

    private KafkaTestClient.Reader caseEvents() {
        if (caseEvents == null) {
            caseEvents = kafka.read(topics.caseEvents());
        }
        return caseEvents;
    }

    private KafkaTestClient.Reader deadLetters() {
        if (deadLetters == null) {
            deadLetters = kafka.read(topics.dlt());
        }
        return deadLetters;
    }

    @Test
    void aReferralBecomesACaseWithAPendingStartAndACaseOpenedEvent() throws IOException {
        ObjectNode event = TestReferrals.valid(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);
        String eventId = event.get("id").asText();

        kafka.send(topics.referrals(), "mash-1", bytes(event));

        CaseId caseId = awaitCaseFor(eventId);
        Map<String, Object> row = jdbc.sql("SELECT * FROM case_file WHERE id = :id").param("id", caseId.value()).query().singleRow();
        assertThat(row).containsEntry("case_type", "SERIOUS_INCIDENT")
                .containsEntry("process_id", "practice-review-wt2018")
                .containsEntry("process_version", "CSPR-WT2018")
                .containsEntry("status", "OPEN")
                .containsEntry("tenant", "default");

        Map<String, Object> start = jdbc.sql("SELECT kind, process_id, variables::text AS variables FROM engine_command WHERE case_id = :id")
                .param("id", caseId.value()).query().singleRow();
        assertThat(start).containsEntry("kind", "START").containsEntry("process_id", "practice-review-wt2018");
        JsonNode variables = TestReferrals.JSON.readTree((String) start.get("variables"));
        assertThat(variables.path("caseId").asText()).isEqualTo(caseId.toString());
        assertThat(variables.path("processVersion").asText()).isEqualTo("CSPR-WT2018");
        assertThat(variables.path("childDied").asBoolean()).isTrue();
        // ids and routing facts only: nothing from the child's record goes to the engine
        for (String sensitive : TestReferrals.sensitiveValues(event.get("data"))) {
            assertThat(variables.toString()).doesNotContain(sensitive);
        }

        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE resource_type = 'case' AND resource_id = :id")
                .param("id", caseId.toString()).query(Long.class).single()).isEqualTo(1);

        String pseudonym = pseudonyms.of(caseId);
        ConsumerRecord<String, byte[]> opened = awaitCaseEvent(pseudonym, "org.opensafeguarding.case.opened");
        assertThat(opened.key()).isEqualTo(pseudonym);
        JsonNode envelope = TestReferrals.JSON.readTree(opened.value());
        assertThat(CaseEventSchema.violations(envelope)).isEmpty();
        assertThat(envelope.path("sequence").asText()).isEqualTo("1");
        assertThat(envelope.at("/data/ageBand").asText()).isEqualTo("5-9y");
        assertThat(envelope.at("/data/triggerDate").asText()).isEqualTo("2024-01-09");
        assertThat(envelope.at("/data/categories/incidentOutcome").asText()).isEqualTo("death");
        assertThat(envelope.toString()).doesNotContain(caseId.toString());
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM outbox_event WHERE case_id = :id AND published_at IS NOT NULL")
                .param("id", caseId.value()).query(Long.class).single() == 1);
    }

    @Test
    void theSameEventDeliveredTwiceGivesOneCase() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        String eventId = event.get("id").asText();

        kafka.send(topics.referrals(), "school-7", bytes(event));
        // other whitespace, same content: still the same referral
        kafka.send(topics.referrals(), "school-7", event.toPrettyString().getBytes(StandardCharsets.UTF_8));
        ObjectNode marker = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        kafka.send(topics.referrals(), "school-7", bytes(marker));

        CaseId caseId = awaitCaseFor(eventId);
        // the marker behind both copies on the same partition proves both copies were consumed
        awaitCaseFor(marker.get("id").asText());
        assertThat(countWhere("referral", "event_id", eventId)).isEqualTo(1);
        assertThat(countWhere("case_file", "id", caseId.value())).isEqualTo(1);
        assertThat(countWhere("engine_command", "case_id", caseId.value())).isEqualTo(1);
        assertThat(countWhere("outbox_event", "case_id", caseId.value())).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'REPLAY' AND detail->>'eventId' = :id")
                .param("id", eventId).query(Long.class).single()).isEqualTo(1);
        assertThat(deadLetters().records()).noneMatch(r -> "school-7".equals(r.key()));
    }

    static Stream<Arguments> badRecords() {
        Function<ObjectNode, byte[]> asIs = TestReferrals::bytes;
        return Stream.of(
                Arguments.of("not JSON", "invalid-json", "",
                        (Function<ObjectNode, byte[]>) e -> "{\"specversion\":\"1.0\",".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("not a CloudEvent", "envelope", "/source",
                        (Function<ObjectNode, byte[]>) e -> bytes(without(e, "source"))),
                Arguments.of("unknown type", "unknown-type", "/type",
                        (Function<ObjectNode, byte[]>) e -> bytes(e.put("type", "org.opensafeguarding.referral.unicorn"))),
                Arguments.of("fails its schema", "schema", "/data/death/expectedness",
                        (Function<ObjectNode, byte[]>) e -> bytes(set(e, "/death", "expectedness", "maybe"))),
                Arguments.of("too large", "too-large", "",
                        (Function<ObjectNode, byte[]>) e -> bytes(set(e, "", "circumstances", "x".repeat(300 * 1024)))),
                Arguments.of("names a case that does not exist", "unknown-case", "/subject",
                        (Function<ObjectNode, byte[]>) e -> bytes(e.put("subject", UUID.randomUUID().toString()))),
                Arguments.of("nests too deep", "invalid-json", "",
                        (Function<ObjectNode, byte[]>) e -> bytes(nest(e, 40))),
                Arguments.of("comes from a source no integration is registered for", "not-authorised", "/source",
                        (Function<ObjectNode, byte[]>) e -> bytes(e.put("source", "urn:test:nobody"))),
                Arguments.of("is for a tenant its source may not send for", "not-authorised", "/tenantid",
                        (Function<ObjectNode, byte[]>) e -> bytes(e.put("tenantid", IntakeTestSetup.OTHER_TENANT))),
                Arguments.of("is for a tenant this service does not know", "unknown-tenant", "/tenantid",
                        (Function<ObjectNode, byte[]>) e -> bytes(e.put("tenantid", "atlantis"))),
                Arguments.of("has no tenant and its source sends for two", "unknown-tenant", "/tenantid",
                        (Function<ObjectNode, byte[]>) e -> bytes(e.put("source", IntakeTestSetup.MULTI_SOURCE))),
                Arguments.of("valid", null, null, asIs));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void aBadRecordIsQuarantinedItsReferenceLandsOnTheDeadLetterTopicAndNothingElseChanges(
            String description, String reason, String field, Function<ObjectNode, byte[]> spoil) throws IOException {
        if (reason == null) {
            return; // keeps the argument list honest: the unspoilt example is accepted (see the other tests)
        }
        String key = "bad-" + UUID.randomUUID();
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        byte[] record = spoil.apply(event);
        Map<String, Long> before = counts();

        kafka.send(topics.referrals(), key, record);
        ObjectNode next = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        kafka.send(topics.referrals(), key, bytes(next));

        await().atMost(WAIT).until(() -> findDeadLetter(key).isPresent());
        ConsumerRecord<String, byte[]> dead = findDeadLetter(key).orElseThrow();
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo(reason);
        assertThat(header(dead, DeadLetterHeaders.FIELD)).isEqualTo(field);
        assertThat(header(dead, DeadLetterHeaders.RULE)).isNotBlank();
        assertThat(header(dead, DeadLetterHeaders.MESSAGE)).isNotBlank().doesNotContain("Throckmorton");
        // the topic gets a reference, never the record: none of the referral's personal data is in it
        assertNoPersonalData(dead, event);
        JsonNode reference = TestReferrals.JSON.readTree(dead.value());
        assertThat(reference.path("reason").asText()).isEqualTo(reason);
        String eventId = event.path("id").asText();
        if (List.of("invalid-json", "too-large").contains(reason)) {
            assertThat(reference.path("eventId").isNull()).isTrue();
        } else {
            assertThat(reference.path("eventId").asText()).isEqualTo(eventId);
        }
        UUID quarantineId = UUID.fromString(reference.path("quarantineId").asText());
        assertThat(header(dead, DeadLetterHeaders.QUARANTINE_ID)).isEqualTo(quarantineId.toString());
        Map<String, Object> kept = jdbc.sql("""
                SELECT reason, detail->>'field' AS field, payload, source_topic, source_offset, record_key,
                    expires_at - received_at AS retention
                FROM referral_quarantine WHERE id = :id
                """).param("id", quarantineId).query().singleRow();
        assertThat(kept).containsEntry("reason", reason).containsEntry("field", field)
                .containsEntry("source_topic", topics.referrals());
        assertThat((byte[]) kept.get("payload")).isEqualTo(record);
        assertThat(new String((byte[]) kept.get("record_key"), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(kept.get("retention").toString()).contains("90 days");

        // the partition keeps moving: the good record behind the bad one becomes a case
        awaitCaseFor(next.get("id").asText());
        Map<String, Long> after = counts();
        assertThat(after.get("case_file")).isEqualTo(before.get("case_file") + 1);
        assertThat(after.get("referral")).isEqualTo(before.get("referral") + 1);
        assertThat(after.get("intake_inbox")).isEqualTo(before.get("intake_inbox") + 1);
        assertThat(after.get("engine_command")).isEqualTo(before.get("engine_command") + 1);
        assertThat(after.get("outbox_event")).isEqualTo(before.get("outbox_event") + 1);
        assertThat(deadLetters().records().stream().filter(r -> key.equals(r.key()))).hasSize(1);
    }

    @Test
    void reusingAnEventIdForDifferentContentIsRefused() {
        ObjectNode first = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        String key = "conflict-" + UUID.randomUUID();
        kafka.send(topics.referrals(), key, bytes(first));
        CaseId caseId = awaitCaseFor(first.get("id").asText());

        ObjectNode changed = first.deepCopy();
        ((ObjectNode) changed.at("/data/allegation")).put("abuseCategory", "emotional");
        kafka.send(topics.referrals(), key, bytes(changed));

        await().atMost(WAIT).until(() -> findDeadLetter(key).isPresent());
        assertThat(header(findDeadLetter(key).orElseThrow(), DeadLetterHeaders.REASON)).isEqualTo("id-conflict");
        assertThat(countWhere("case_file", "id", caseId.value())).isEqualTo(1);
    }

    @Test
    void aReferralNamingAnExistingCaseIsAddedToItAndCorrelated() {
        ObjectNode first = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        kafka.send(topics.referrals(), "lado-9", bytes(first));
        CaseId caseId = awaitCaseFor(first.get("id").asText());

        ObjectNode further = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        further.put("subject", caseId.toString());
        kafka.send(topics.referrals(), "lado-9", bytes(further));

        assertThat(awaitCaseFor(further.get("id").asText())).isEqualTo(caseId);
        assertThat(countWhere("case_file", "id", caseId.value())).isEqualTo(1);
        assertThat(jdbc.sql("SELECT kind FROM engine_command WHERE case_id = :id ORDER BY id")
                .param("id", caseId.value()).query(String.class).list()).containsExactly("START", "CORRELATE");
    }

    @Test
    void withTheEngineDownTheStartIsRetriedAndNeverDeadLettered() {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        String key = "engine-down-" + UUID.randomUUID();
        kafka.send(topics.referrals(), key, bytes(event));
        CaseId caseId = awaitCaseFor(event.get("id").asText());

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> start = jdbc.sql("SELECT status, attempts, last_error FROM engine_command WHERE case_id = :id")
                    .param("id", caseId.value()).query().singleRow();
            assertThat(start.get("status")).isEqualTo("PENDING");
            assertThat((Integer) start.get("attempts")).isGreaterThanOrEqualTo(2);
            assertThat(start.get("last_error")).isNotNull();
        });
        assertThat(deadLetters().records()).noneMatch(r -> key.equals(r.key()));
    }

    private CaseId awaitCaseFor(String eventId) {
        await().atMost(WAIT).until(() -> countWhere("referral", "event_id", eventId) == 1);
        return new CaseId(jdbc.sql("SELECT case_id FROM referral WHERE event_id = :id").param("id", eventId)
                .query(UUID.class).single());
    }

    private ConsumerRecord<String, byte[]> awaitCaseEvent(String pseudonym, String type) {
        await().atMost(WAIT).until(() -> findCaseEvent(pseudonym, type).isPresent());
        return findCaseEvent(pseudonym, type).orElseThrow();
    }

    private Optional<ConsumerRecord<String, byte[]>> findCaseEvent(String pseudonym, String type) {
        return caseEvents().records().stream()
                .filter(r -> pseudonym.equals(r.key()))
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"" + type + "\""))
                .findFirst();
    }

    private Optional<ConsumerRecord<String, byte[]>> findDeadLetter(String key) {
        return deadLetters().records().stream().filter(r -> key.equals(r.key())).findFirst();
    }

    private long countWhere(String table, String column, Object value) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :v").param("v", value)
                .query(Long.class).single();
    }

    private Map<String, Long> counts() {
        return TABLES.stream().collect(java.util.stream.Collectors.toMap(t -> t,
                t -> jdbc.sql("SELECT count(*) FROM " + t).query(Long.class).single()));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRecordFromAnUnregisteredSourceIsAuditedAsDeniedAndKeptWithItsHeaders() throws IOException {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("source", "urn:test:impostor");
        String key = "impostor-" + UUID.randomUUID();
        byte[] record = bytes(event);

        sendWithHeader(topics.referrals(), key, record, "ce_traceparent", "00-abc-01");

        await().atMost(WAIT).until(() -> findDeadLetter(key).isPresent());
        ConsumerRecord<String, byte[]> dead = findDeadLetter(key).orElseThrow();
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("not-authorised");
        assertThat(header(dead, DeadLetterHeaders.RULE)).isEqualTo("source-registered");
        // the original headers stay with the record in the quarantine, not on the topic
        assertThat(dead.headers().lastHeader("ce_traceparent")).isNull();
        assertNoPersonalData(dead, event);
        UUID quarantineId = UUID.fromString(TestReferrals.JSON.readTree(dead.value()).path("quarantineId").asText());
        Map<String, Object> kept = jdbc.sql("""
                SELECT payload, record_headers::text AS headers, event_id FROM referral_quarantine WHERE id = :id
                """).param("id", quarantineId).query().singleRow();
        assertThat((byte[]) kept.get("payload")).isEqualTo(record);
        assertThat((String) kept.get("headers")).contains("ce_traceparent");
        assertThat(kept.get("event_id")).isEqualTo(event.get("id").asText());
        Map<String, Object> audited = jdbc.sql("""
                SELECT actor, detail->>'quarantineId' AS quarantine, detail::text AS detail FROM audit_log
                WHERE action = 'DENIED' AND resource_type = 'referral' AND resource_id = :id
                """).param("id", event.get("id").asText()).query().singleRow();
        assertThat(audited).containsEntry("actor", "kafka:" + topics.referrals())
                .containsEntry("quarantine", quarantineId.toString());
        assertThat((String) audited.get("detail")).doesNotContain("impostor", "Quennell");
        assertThat(countWhere("referral", "event_id", event.get("id").asText())).isZero();
    }

    @Test
    void theSameRecordQuarantinedTwiceIsOneEntry() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("purge-topic-" + UUID.randomUUID(), 0, 7L, "k",
                "{}".getBytes(StandardCharsets.UTF_8));
        ReferralRejectedException rejection = new ReferralRejectedException(RejectionReason.ENVELOPE, "/id", "required",
                "/id: required");

        UUID first = quarantine.quarantine(record, rejection);
        UUID again = quarantine.quarantine(record, rejection);

        assertThat(again).isEqualTo(first);
        assertThat(countWhere("referral_quarantine", "source_topic", record.topic())).isEqualTo(1);
    }

    @Test
    void theRetentionPurgeDeletesOnlyTheEntriesThatExpired() {
        String topic = "purge-topic-" + UUID.randomUUID();
        ReferralRejectedException rejection = new ReferralRejectedException(RejectionReason.SCHEMA, "/data", "required",
                "/data: required");
        UUID expired = quarantine.quarantine(new ConsumerRecord<>(topic, 0, 1L, "k", new byte[] {1}), rejection);
        UUID kept = quarantine.quarantine(new ConsumerRecord<>(topic, 0, 2L, "k", new byte[] {2}), rejection);
        // moved into the past, so that a purge "then" touches these two rows and none of the other tests' rows
        java.time.Instant then = java.time.Instant.parse("2001-06-01T00:00:00Z");
        setExpiry(expired, then.minusSeconds(1));
        setExpiry(kept, then.plusSeconds(3600));

        int deleted = quarantine.purge(then);

        assertThat(deleted).isEqualTo(1);
        assertThat(countWhere("referral_quarantine", "id", expired)).isZero();
        assertThat(countWhere("referral_quarantine", "id", kept)).isEqualTo(1);
        assertThat(quarantine.purge(then.plusSeconds(7200))).isEqualTo(1);
        assertThat(countWhere("referral_quarantine", "id", kept)).isZero();
    }

    private static void sendWithHeader(String topic, String key, byte[] value, String header, String headerValue) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaSupport.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            record.headers().add(header, headerValue.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    private void setExpiry(UUID id, java.time.Instant at) {
        jdbc.sql("UPDATE referral_quarantine SET expires_at = :at WHERE id = :id")
                .param("at", java.sql.Timestamp.from(at)).param("id", id).update();
    }

    private static void assertNoPersonalData(ConsumerRecord<String, byte[]> dead, JsonNode event) {
        String value = new String(dead.value(), StandardCharsets.UTF_8);
        StringBuilder headers = new StringBuilder();
        dead.headers().forEach(h -> headers.append(h.key()).append('=')
                .append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)).append('\n'));
        for (String sensitive : TestReferrals.sensitiveValues(event.path("data"))) {
            assertThat(value).doesNotContain(sensitive);
            assertThat(headers.toString()).doesNotContain(sensitive);
        }
        assertThat(value.length()).isLessThan(200);
    }

    private static ObjectNode nest(ObjectNode event, int levels) {
        ObjectNode deep = (ObjectNode) event.at("/data/death");
        for (int i = 0; i < levels; i++) {
            deep = deep.putObject("x");
        }
        return event;
    }

    private static ObjectNode without(ObjectNode event, String field) {
        event.remove(field);
        return event;
    }

    private static ObjectNode set(ObjectNode event, String dataPointer, String field, String value) {
        ((ObjectNode) event.at("/data" + dataPointer)).put(field, value);
        return event;
    }
}
