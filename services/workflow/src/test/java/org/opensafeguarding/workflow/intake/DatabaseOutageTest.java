package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.TcpProxy;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.opensafeguarding.workflow.support.TestReferrals;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away mid-flow (every connection dropped, new ones refused) and comes back: referrals that
 * arrived meanwhile are retried, never dead-lettered, and end up exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + WorkflowApplication.CONFIG_NAME, "safeguarding.intake.stuck-after=2s"})
@DirtiesContext
class DatabaseOutageTest {

    static TestInfrastructure.Topics topics;
    static TcpProxy database;
    static final KafkaTestClient kafka = new KafkaTestClient();
    static KafkaTestClient.Reader deadLetters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String realUrl = EmbeddedPostgresSupport.newDatabase("workflow_outage");
        database = new TcpProxy("localhost", EmbeddedPostgresSupport.port());
        String viaProxy = realUrl.replace(":" + EmbeddedPostgresSupport.port() + "/", ":" + database.port() + "/");
        registry.add("spring.datasource.url", () -> viaProxy);
        registry.add("spring.datasource.username", EmbeddedPostgresSupport::username);
        registry.add("spring.datasource.password", EmbeddedPostgresSupport::password);
        registry.add("spring.kafka.bootstrap-servers", org.opensafeguarding.testkit.EmbeddedKafkaSupport::bootstrapServers);
        TestCallers.register(registry);
        IntakeTestSetup.register(registry);
        topics = TestInfrastructure.registerTopicsAndEngine(registry);
    }

    @AfterAll
    static void close() {
        if (deadLetters != null) {
            deadLetters.close();
        }
        kafka.close();
        database.close();
    }

    @AfterEach
    void databaseBack() {
        database.restore();
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestRestTemplate http;

    /** The actuator's own port (workflow.yml: management.server.port), randomised by the test like the server's. */
    @LocalManagementPort
    int managementPort;

    @Test
    void referralsArrivingWhileTheDatabaseIsDownAreRetriedAndStoredOnceWhenItReturns() {
        if (deadLetters == null) {
            deadLetters = kafka.read(topics.dlt());
        }
        ObjectNode first = TestReferrals.valid(ReferralKind.LADO_ALLEGATION);
        ObjectNode second = TestReferrals.valid(ReferralKind.CHILD_DEATH_NOTIFICATION);
        // refused, but its quarantine row cannot be written while the database is away: it must wait too
        ObjectNode refused = TestReferrals.valid(ReferralKind.LADO_ALLEGATION).put("source", "urn:test:nobody");
        String key = "outage-" + UUID.randomUUID();
        String refusedKey = "outage-refused-" + UUID.randomUUID();

        database.cut();
        kafka.send(topics.referrals(), refusedKey, TestReferrals.bytes(refused));
        kafka.send(topics.referrals(), key, TestReferrals.bytes(first));
        kafka.send(topics.referrals(), key, TestReferrals.bytes(second));

        // while the database is away the records are neither lost to the dead-letter topic nor skipped
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> deadLetters.records().stream().noneMatch(r -> key.equals(r.key()) || refusedKey.equals(r.key())));
        // ... and the partitions waiting on them are stuck: intake health DOWN, without asking the database
        ResponseEntity<JsonNode> stuck = await().atMost(Duration.ofSeconds(20))
                .until(this::intakeHealth, r -> "DOWN".equals(r.getBody().path("status").asText()));
        assertThat(stuck.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(stuck.getBody().at("/details/stuckPartitions").asInt()).isPositive();
        database.restore();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> count(
                "SELECT count(*) FROM referral_quarantine WHERE event_id = '" + id(refused) + "'") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.records().stream().anyMatch(r -> refusedKey.equals(r.key())));
        assertThat(deadLetters.records().stream().filter(r -> refusedKey.equals(r.key()))).hasSize(1);

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> referrals(first) == 1 && referrals(second) == 1);
        assertThat(count("SELECT count(*) FROM case_file")).isGreaterThanOrEqualTo(2);
        assertThat(count("SELECT count(*) FROM referral WHERE event_id IN ('" + id(first) + "','" + id(second) + "')")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM engine_command e JOIN referral r ON r.case_id = e.case_id WHERE r.event_id IN ('"
                + id(first) + "','" + id(second) + "')")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> count("SELECT count(*) FROM outbox_event o JOIN referral r "
                + "ON r.case_id = o.case_id WHERE o.published_at IS NOT NULL AND r.event_id IN ('" + id(first) + "','"
                + id(second) + "')") == 2);
        assertThat(deadLetters.records()).noneMatch(r -> key.equals(r.key()));
        // nothing stuck any more; the refused record waits for an operator's acknowledgement
        await().atMost(Duration.ofSeconds(30)).until(() -> intakeHealth().getBody().at("/details/stuckPartitions").asInt() == 0);
        assertThat(intakeHealth().getBody().path("status").asText()).isEqualTo("DEGRADED");
    }

    private ResponseEntity<JsonNode> intakeHealth() {
        return http.getForEntity("http://localhost:" + managementPort + "/actuator/health/intake", JsonNode.class);
    }

    @Test
    void restCallersGetA503AndNothingIsStoredThenTheRetrySucceeds() {
        ObjectNode event = TestReferrals.valid(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION);

        database.cut();
        ResponseEntity<JsonNode> down = post(event);
        database.restore();

        assertThat(down.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(down.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        // the pool's dropped connections are replaced on first use, so ask until the database answers
        assertThat(await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> referrals(event), n -> true)).isZero();

        ResponseEntity<JsonNode> up = await().atMost(Duration.ofSeconds(30))
                .until(() -> post(event), r -> r.getStatusCode() == HttpStatus.CREATED);
        assertThat(up.getBody().path("caseId").asText()).isNotBlank();
        assertThat(referrals(event)).isEqualTo(1);
    }

    @Test
    void theOutboxRelayCarriesOnAfterTheDatabaseReturns() {
        ObjectNode event = TestReferrals.valid(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        assertThat(post(event).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        database.cut();
        ObjectNode during = TestReferrals.valid(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL);
        kafka.send(topics.referrals(), "relay-" + UUID.randomUUID(), TestReferrals.bytes(during));
        database.restore();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> referrals(during) == 1);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                count("SELECT count(*) FROM outbox_event WHERE published_at IS NULL") == 0);
        assertThat(count("SELECT count(*) FROM outbox_event o JOIN referral r ON r.case_id = o.case_id WHERE r.event_id IN ('"
                + id(event) + "','" + id(during) + "')")).isEqualTo(2);
    }

    private ResponseEntity<JsonNode> post(JsonNode event) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(HttpHeaders.AUTHORIZATION, IntakeTestSetup.integration());
        return http.postForEntity("/api/referrals", new HttpEntity<>(TestReferrals.bytes(event), headers), JsonNode.class);
    }

    private long referrals(JsonNode event) {
        return jdbc.sql("SELECT count(*) FROM referral WHERE event_id = :id").param("id", id(event)).query(Long.class).single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static String id(JsonNode event) {
        return event.get("id").asText();
    }
}
