package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The REST door: same validation and idempotency as Kafka, answered with status codes and problem JSON. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class RestReferralIntakeTest {

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
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    private ResponseEntity<JsonNode> post(byte[] body, MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        return http.postForEntity("/api/referrals", new HttpEntity<>(body, headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> post(JsonNode event) {
        return post(TestReferrals.bytes(event), MediaType.parseMediaType("application/cloudevents+json"));
    }

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
    }

    @Test
    void kafkaAndRestShareOneIdempotencyKey() {
        ObjectNode event = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        kafka.send(topics.referrals(), "k", TestReferrals.bytes(event));
        String eventId = event.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM referral WHERE event_id = :id")
                .param("id", eventId).query(Long.class).single() == 1);

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
    }

    private long cases() {
        return jdbc.sql("SELECT count(*) FROM case_file").query(Long.class).single();
    }
}
