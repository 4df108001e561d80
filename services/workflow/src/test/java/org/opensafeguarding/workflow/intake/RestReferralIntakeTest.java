package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
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

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The REST door: same validation and idempotency as Kafka, answered with status codes and problem JSON; who may
 * submit what (the integration registry, the caller's token); the service-wide body limits; the quarantine list.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class RestReferralIntakeTest {

    private static final MediaType CLOUDEVENTS = MediaType.parseMediaType("application/cloudevents+json");

    static TestInfrastructure.Topics topics;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topics = TestInfrastructure.register(registry);
        IntakeTestSetup.register(registry);
    }

    static final KafkaTestClient kafka = new KafkaTestClient();

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    private ResponseEntity<JsonNode> post(byte[] body, MediaType type, String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        return http.postForEntity("/api/referrals", new HttpEntity<>(body, headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> post(byte[] body, MediaType type) {
        return post(body, type, IntakeTestSetup.integration());
    }

    private ResponseEntity<JsonNode> post(JsonNode event) {
        return post(TestReferrals.bytes(event), CLOUDEVENTS);
    }

    private ResponseEntity<JsonNode> post(JsonNode event, String authorization) {
        return post(TestReferrals.bytes(event), CLOUDEVENTS, authorization);
    }

    // ------------------------------------------------------------------------------------------------ intake

    @Test
    void firstDeliveryCreatesTheCaseAndARepeatReturnsTheSameCase() {
        ObjectNode event = TestReferrals.valid(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);

        ResponseEntity<JsonNode> first = post(event);
        ResponseEntity<JsonNode> again = post(TestReferrals.bytes(event), MediaType.APPLICATION_JSON);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(first.getBody().path("caseCreated").asBoolean()).isTrue();
        String caseId = first.getBody().path("caseId").asText();
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("caseId").asText()).isEqualTo(caseId);
        assertThat(again.getBody().path("duplicate").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT process_version FROM case_file WHERE id = CAST(:id AS UUID)").param("id", caseId)
                .query(String.class).single()).isEqualTo("SCR-WT2013");
        assertThat(jdbc.sql("SELECT channel FROM referral WHERE case_id = CAST(:id AS UUID)").param("id", caseId)
                .query(String.class).list()).containsExactly("REST");
        // without tenantid: the one tenant the client is registered for
        assertThat(jdbc.sql("SELECT tenant FROM case_file WHERE id = CAST(:id AS UUID)").param("id", caseId)
                .query(String.class).single()).isEqualTo(IntakeTestSetup.TENANT);
        assertThat(jdbc.sql("SELECT actor FROM audit_log WHERE action = 'CREATE' AND resource_type = 'referral' "
                + "AND detail->>'eventId' = :id").param("id", event.get("id").asText()).query(String.class).single())
                .isEqualTo("client:" + IntakeTestSetup.CLIENT);
    }

    @Test
    void kafkaAndRestShareOneIdempotencyKey() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        kafka.send(topics.referrals(), "k", TestReferrals.bytes(event));
        String eventId = event.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> referrals(eventId) == 1);

        ResponseEntity<JsonNode> viaRest = post(event);

        assertThat(viaRest.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(viaRest.getBody().path("caseId").asText()).isEqualTo(jdbc.sql(
                "SELECT case_id::text FROM referral WHERE event_id = :id").param("id", eventId).query(String.class).single());
    }

    @Test
    void invalidReferralIsA400NamingTheFieldAndTheRuleAndStoresNothing() {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        ((ObjectNode) event.at("/data/child")).put("nhsNumber", "12345");
        ((ObjectNode) event.at("/data/death")).remove("expectedness");
        long casesBefore = cases();

        ResponseEntity<JsonNode> response = post(event);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        JsonNode problem = response.getBody();
        assertThat(problem.path("reason").asText()).isEqualTo("schema");
        assertThat(problem.path("errors")).hasSize(2);
        assertThat(problem.path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("/data/child/nhsNumber", "/data/death/expectedness");
        assertThat(problem.path("errors").findValuesAsText("rule")).containsExactlyInAnyOrder("pattern", "required");
        assertThat(problem.toString()).doesNotContain("12345");
        assertThat(cases()).isEqualTo(casesBefore);
    }

    @Test
    void notJsonIsA400() {
        ResponseEntity<JsonNode> response = post("referral: yes".getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().path("reason").asText()).isEqualTo("invalid-json");
        assertThat(response.getBody().path("field").asText()).isEmpty();
    }

    @Test
    void unknownTypeIsA400OnTheTypeField() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("type", "org.example.unknown");

        ResponseEntity<JsonNode> response = post(event);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().path("field").asText()).isEqualTo("/type");
    }

    @Test
    void namingACaseThatDoesNotExistIsA400OnTheSubject() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("subject", UUID.randomUUID().toString());
        long casesBefore = cases();

        ResponseEntity<JsonNode> response = post(event);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().path("reason").asText()).isEqualTo("unknown-case");
        assertThat(response.getBody().path("field").asText()).isEqualTo("/subject");
        assertThat(cases()).isEqualTo(casesBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM intake_inbox WHERE event_id = :id").param("id", event.get("id").asText())
                .query(Long.class).single()).isZero();
    }

    @Test
    void anotherTenantsCaseCannotBeNamedAndIsAnsweredAsUnknown() {
        ObjectNode first = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        first.put("tenantid", IntakeTestSetup.OTHER_TENANT);
        first.put("source", IntakeTestSetup.MULTI_SOURCE);
        String multi = TestCallers.machine(IntakeTestSetup.MULTI_CLIENT, Set.of("INTEGRATION"),
                Set.of(IntakeTestSetup.TENANT, IntakeTestSetup.OTHER_TENANT));
        ResponseEntity<JsonNode> opened = post(first, multi);
        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        ObjectNode further = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        further.put("subject", opened.getBody().path("caseId").asText());
        ResponseEntity<JsonNode> response = post(further);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().path("reason").asText()).isEqualTo("unknown-case");
        assertThat(response.getBody().path("rule").asText()).isEqualTo("case-exists");
    }

    @Test
    void oversizedReferralIsA413() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ((ObjectNode) event.at("/data/allegation")).put("narrative", "x".repeat(300 * 1024));

        ResponseEntity<JsonNode> response = post(event);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(response.getBody().path("reason").asText()).isEqualTo("too-large");
    }

    @Test
    void sameIdWithDifferentContentIsA409() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        assertThat(post(event).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ((ObjectNode) event.at("/data")).put("urgent", false);

        ResponseEntity<JsonNode> response = post(event);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(response.getBody().path("field").asText()).isEqualTo("/id");
    }

    @Test
    void theApiIsInTheOpenApiDocument() {
        ResponseEntity<JsonNode> api = http.getForEntity("/v3/api-docs", JsonNode.class);

        assertThat(api.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.getBody().at("/paths/~1api~1referrals/post")).isNotEmpty();
        assertThat(api.getBody().at("/paths/~1api~1quarantine/get")).isNotEmpty();
    }

    // -------------------------------------------------------------------------------------------- authorisation

    @Test
    void anIntegrationRefusedForAnotherTenantGets403AnAuditRowAndNothingIsStored() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("tenantid", IntakeTestSetup.OTHER_TENANT);
        long casesBefore = cases();

        // the token says the other tenant too, but the registration does not
        ResponseEntity<JsonNode> response = post(event, TestCallers.machine(IntakeTestSetup.CLIENT, Set.of("INTEGRATION"),
                Set.of(IntakeTestSetup.TENANT, IntakeTestSetup.OTHER_TENANT)));

        assertNotAuthorised(response, "/tenantid", "tenant-allowed");
        assertThat(response.getBody().toString()).doesNotContain(IntakeTestSetup.OTHER_TENANT);
        for (String sensitive : TestReferrals.sensitiveValues(event.get("data"))) {
            assertThat(response.getBody().toString()).doesNotContain(sensitive);
        }
        assertNothingStored(event, casesBefore);
        Map<String, Object> denied = jdbc.sql("""
                SELECT actor, detail->>'rule' AS rule, detail->>'field' AS field, detail::text AS detail FROM audit_log
                WHERE action = 'DENIED' AND resource_type = 'referral' AND resource_id = :id
                """).param("id", event.get("id").asText()).query().singleRow();
        assertThat(denied).containsEntry("actor", "client:" + IntakeTestSetup.CLIENT)
                .containsEntry("rule", "tenant-allowed").containsEntry("field", "/tenantid");
        assertThat((String) denied.get("detail")).doesNotContain(IntakeTestSetup.OTHER_TENANT, "Quennell");
    }

    @Test
    void aTenantTheTokenDoesNotNameIsRefusedEvenIfRegistered() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("source", IntakeTestSetup.MULTI_SOURCE);
        event.put("tenantid", IntakeTestSetup.OTHER_TENANT);
        long casesBefore = cases();

        ResponseEntity<JsonNode> response = post(event, TestCallers.machine(IntakeTestSetup.MULTI_CLIENT,
                Set.of("INTEGRATION"), Set.of(IntakeTestSetup.TENANT)));

        assertNotAuthorised(response, "/tenantid", "tenant-allowed");
        assertNothingStored(event, casesBefore);
    }

    @Test
    void aSourceNotRegisteredForTheClientIs403() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("source", "urn:test:somebody-else");
        long casesBefore = cases();

        ResponseEntity<JsonNode> response = post(event);

        assertNotAuthorised(response, "/source", "source-registered");
        assertThat(response.getBody().toString()).doesNotContain("somebody-else");
        assertNothingStored(event, casesBefore);
        assertThat(deniedRows(event.get("id").asText())).isEqualTo(1);
    }

    @Test
    void anUnregisteredClientIs403WhateverItSends() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        long casesBefore = cases();
        String stranger = TestCallers.machine("test-stranger", Set.of("INTEGRATION"), Set.of(IntakeTestSetup.TENANT));

        ResponseEntity<JsonNode> response = post(event, stranger);
        ResponseEntity<JsonNode> garbage = post("not even json".getBytes(StandardCharsets.UTF_8),
                MediaType.APPLICATION_JSON, stranger);

        assertNotAuthorised(response, "", "client-registered");
        assertNotAuthorised(garbage, "", "client-registered");
        assertNothingStored(event, casesBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'DENIED' AND actor = 'client:test-stranger'")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aPersonMayEnterReferralsOfTheirCaseTypesOnly() {
        String ladoOfficer = TestCallers.person("test-lado-entry", Set.of("LADO_OFFICER"), Set.of("lado"),
                Set.of(IntakeTestSetup.TENANT));
        ObjectNode lado = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        lado.put("source", "urn:opensafeguarding:manual-entry");
        ObjectNode death = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        long casesBefore = cases();

        ResponseEntity<JsonNode> allowed = post(lado, ladoOfficer);
        ResponseEntity<JsonNode> refused = post(death, ladoOfficer);

        assertThat(allowed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(jdbc.sql("SELECT tenant FROM case_file WHERE id = CAST(:id AS UUID)")
                .param("id", allowed.getBody().path("caseId").asText()).query(String.class).single())
                .isEqualTo(IntakeTestSetup.TENANT);
        assertNotAuthorised(refused, "/type", "kind-allowed");
        assertNothingStored(death, casesBefore + 1);
        assertThat(jdbc.sql("SELECT actor FROM audit_log WHERE action = 'DENIED' AND resource_id = :id")
                .param("id", death.get("id").asText()).query(String.class).single()).isEqualTo("user:test-lado-entry");
    }

    @Test
    void anUnknownTenantIs400OnTenantidAndIsNotDefaulted() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        event.put("tenantid", "atlantis");
        long casesBefore = cases();

        ResponseEntity<JsonNode> response = post(event);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().path("reason").asText()).isEqualTo("unknown-tenant");
        assertThat(response.getBody().path("field").asText()).isEqualTo("/tenantid");
        assertThat(response.getBody().path("rule").asText()).isEqualTo("known-tenant");
        assertThat(response.getBody().toString()).doesNotContain("atlantis");
        assertNothingStored(event, casesBefore);
    }

    @Test
    void withoutTenantidAClientOfTwoTenantsIs400AndWithItIsTaken() {
        String multi = TestCallers.machine(IntakeTestSetup.MULTI_CLIENT, Set.of("INTEGRATION"),
                Set.of(IntakeTestSetup.TENANT, IntakeTestSetup.OTHER_TENANT));
        ObjectNode event = TestReferrals.valid(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);
        event.put("source", IntakeTestSetup.MULTI_SOURCE);

        ResponseEntity<JsonNode> withoutTenant = post(event, multi);
        event.put("tenantid", IntakeTestSetup.OTHER_TENANT);
        ResponseEntity<JsonNode> withTenant = post(event, multi);

        assertThat(withoutTenant.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(withoutTenant.getBody().path("field").asText()).isEqualTo("/tenantid");
        assertThat(withoutTenant.getBody().path("rule").asText()).isEqualTo("required");
        assertThat(withTenant.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(jdbc.sql("SELECT tenant FROM case_file WHERE id = CAST(:id AS UUID)")
                .param("id", withTenant.getBody().path("caseId").asText()).query(String.class).single())
                .isEqualTo(IntakeTestSetup.OTHER_TENANT);
    }

    // ---------------------------------------------------------------------------------------------- body limits

    @Test
    void aBodyOverTheServiceLimitIs413ProblemJsonNamingTheLimit() {
        byte[] body = ("{\"pad\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        ResponseEntity<JsonNode> response = post(body, MediaType.APPLICATION_JSON);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().path("code").asText()).isEqualTo("body-too-large");
        assertThat(response.getBody().path("detail").asText()).contains("1048576 bytes", "safeguarding.http.max-body-size");
    }

    @Test
    void aChunkedBodyThatRunsOverTheLimitIs413Too() throws Exception {
        byte[] body = ("{\"pad\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/referrals"))
                .header("Content-Type", "application/json")
                .header("Authorization", IntakeTestSetup.integration())
                // no length: sent chunked, so only counting the bytes catches it
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(TestReferrals.JSON.readTree(response.body()).path("code").asText()).isEqualTo("body-too-large");
    }

    @Test
    void jsonNestedDeeperThanTheLimitIs400ProblemJsonNamingTheRule() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ObjectNode deep = (ObjectNode) event.at("/data/allegation");
        for (int i = 0; i < 40; i++) {
            deep = deep.putObject("x");
        }

        ResponseEntity<JsonNode> response = post(event);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().path("code").asText()).isEqualTo("json-too-deep");
        assertThat(response.getBody().path("rule").asText()).isEqualTo("max-json-depth");
        assertThat(response.getBody().path("detail").asText()).contains("32");
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415ProblemJson() {
        ResponseEntity<JsonNode> response = post("hello".getBytes(StandardCharsets.UTF_8), MediaType.TEXT_PLAIN);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().path("code").asText()).isEqualTo("unsupported-media-type");
        assertThat(response.getBody().path("detail").asText()).contains("application/cloudevents+json");
    }

    // ---------------------------------------------------------------------------------------------- quarantine

    @Test
    void anAuditorListsQuarantineMetadataWithoutTheRecordAndTheReadIsAudited() {
        ObjectNode event = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        event.put("source", "urn:test:not-registered");
        kafka.send(topics.referrals(), "quarantine-" + UUID.randomUUID(), TestReferrals.bytes(event));
        String eventId = event.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM referral_quarantine WHERE event_id = :id").param("id", eventId).query(Long.class).single() == 1);
        String auditor = TestCallers.person("test-auditor", Set.of("AUDITOR"), Set.of(), Set.of(IntakeTestSetup.TENANT));
        String from = Instant.now().minus(Duration.ofHours(1)).toString();
        String to = Instant.now().plus(Duration.ofHours(1)).toString();

        ResponseEntity<JsonNode> listed = get("/api/quarantine?from=" + from + "&to=" + to, auditor);
        ResponseEntity<JsonNode> notAnAuditor = get("/api/quarantine", IntakeTestSetup.integration());

        assertThat(listed.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode entry = null;
        for (JsonNode e : listed.getBody().path("entries")) {
            if (eventId.equals(e.path("eventId").asText())) {
                entry = e;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.path("reason").asText()).isEqualTo("not-authorised");
        assertThat(entry.path("field").asText()).isEqualTo("/source");
        assertThat(entry.path("channel").asText()).isEqualTo("KAFKA");
        assertThat(entry.path("sizeBytes").asInt()).isEqualTo(TestReferrals.bytes(event).length);
        // the listing without its own timestamps (the window asked for, when the entry arrived): a referral's time
        // of day such as "03:40" is also in those whenever the test runs at that minute of an hour
        com.fasterxml.jackson.databind.node.ObjectNode shown = listed.getBody().deepCopy();
        shown.remove(List.of("from", "to"));
        shown.withArray("entries").forEach(e -> ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove("receivedAt"));
        for (String sensitive : TestReferrals.sensitiveValues(event.get("data"))) {
            assertThat(shown.toString()).doesNotContain(sensitive);
        }
        assertThat(listed.getBody().toString()).doesNotContain("urn:test:not-registered");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'READ' AND resource_type = 'referral-quarantine' "
                + "AND actor = 'user:test-auditor'").query(Long.class).single()).isGreaterThanOrEqualTo(1);
        assertThat(notAnAuditor.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aQuarantineQueryThatIsNotADateIs400NamingTheParameter() {
        String auditor = TestCallers.person("test-auditor", Set.of("AUDITOR"), Set.of(), Set.of(IntakeTestSetup.TENANT));

        ResponseEntity<JsonNode> response = get("/api/quarantine?from=yesterday", auditor);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody().path("errors").findValuesAsText("field")).containsExactly("from");
    }

    private ResponseEntity<JsonNode> get(String path, String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    private static void assertNotAuthorised(ResponseEntity<JsonNode> response, String field, String rule) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().path("code").asText()).isEqualTo("not-authorised");
        assertThat(response.getBody().path("field").asText()).isEqualTo(field);
        assertThat(response.getBody().path("rule").asText()).isEqualTo(rule);
    }

    private void assertNothingStored(JsonNode event, long casesBefore) {
        String id = event.get("id").asText();
        assertThat(referrals(id)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM intake_inbox WHERE event_id = :id").param("id", id)
                .query(Long.class).single()).isZero();
        assertThat(cases()).isEqualTo(casesBefore);
    }

    private long deniedRows(String eventId) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'DENIED' AND resource_id = :id")
                .param("id", eventId).query(Long.class).single();
    }

    private long referrals(String eventId) {
        return jdbc.sql("SELECT count(*) FROM referral WHERE event_id = :id").param("id", eventId).query(Long.class).single();
    }

    private long cases() {
        return jdbc.sql("SELECT count(*) FROM case_file").query(Long.class).single();
    }
}
