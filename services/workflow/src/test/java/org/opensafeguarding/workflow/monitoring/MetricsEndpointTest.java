package org.opensafeguarding.workflow.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.support.KafkaTestClient;
import org.opensafeguarding.workflow.support.LocalEngine;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator's Prometheus sees (docs/operations.md, "Metrics and health"): the workflow service against the
 * local engine, embedded PostgreSQL and Kafka, scraped over HTTP on the management port with a client-credentials
 * token of role MONITORING from the real identity provider. A referral that cannot be read is parked: the intake
 * health turns DEGRADED and the parked-referrals series counts it.
 */
// a Spring Boot test keeps metrics export off unless told: this one is about the exported figures
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + WorkflowApplication.CONFIG_NAME,
                "safeguarding.intake.health-refresh=1s", "safeguarding.monitoring.refresh=1s",
                "safeguarding.monitoring.incidents-refresh=1s"})
class MetricsEndpointTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final java.util.function.Function<String, Pattern> PARTITION_LAG = topic -> Pattern.compile(
            "(?m)^kafka_consumer_fetch_manager_records_lag\\{.*partition=\"\\d+\".*topic=\"" + Pattern.quote(topic)
                    + "\".*} \\S+$");
    private static final Pattern PARKED_INVALID_JSON =
            Pattern.compile("(?m)^safeguarding_intake_parked\\{reason=\"invalid-json\"} (\\S+)$");
    private static final Pattern OVERDUE = Pattern.compile("(?m)^safeguarding_deadlines_overdue (\\S+)$");

    static LocalEngine engine;
    static TestInfrastructure.Topics topics;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        engine = LocalEngine.start();
        topics = TestInfrastructure.registerWithEngine(registry, engine);
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String prometheus = TestCallers.machine("metrics-prometheus", Set.of("MONITORING"), Set.of());

    @Test
    void aParkedReferralTurnsIntakeHealthDegradedAndIsCountedOnThePrometheusEndpoint() throws Exception {
        await().atMost(WAIT).until(() -> figure(scrape(), PARKED_INVALID_JSON) == 0.0);
        assertThat(health("intake").path("status").asText()).isEqualTo("UP");
        String before = scrape();
        for (String series : new String[]{"safeguarding_outbox_unpublished{outbox=\"case-events\"}",
                "safeguarding_outbox_unpublished{outbox=\"referral-receipts\"}",
                "safeguarding_outbox_oldest_age{outbox=\"case-events\"}", "safeguarding_engine_commands_pending ",
                "safeguarding_engine_commands_past_lease ", "safeguarding_engine_commands_oldest_age ",
                "safeguarding_deadlines_overdue ", "safeguarding_engine_incidents_open ",
                "safeguarding_tasklist_completions_refused_total{reason=\"engine-refused\"}",
                "safeguarding_tasklist_completions_refused_total{reason=\"task-ended\"}"}) {
            assertThat(before).as(series).contains("\n" + series);
        }
        for (String component : new String[]{"outbox", "engineCommands", "deadlines", "incidents", "taskCompletions",
                "consumerLag"}) {
            assertThat(health(component).path("status").asText()).as(component).isEqualTo("UP");
        }

        KafkaTestClient kafka = new KafkaTestClient();
        try {
            kafka.send(topics.referrals(), "unreadable-" + UUID.randomUUID(), "{not json".getBytes(StandardCharsets.UTF_8));
        } finally {
            kafka.close();
        }

        await().atMost(WAIT).until(() -> figure(scrape(), PARKED_INVALID_JSON) == 1.0);
        JsonNode intake = health("intake");
        assertThat(intake.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(intake.at("/details/unacknowledgedByReason/invalid-json").asLong()).isEqualTo(1);
        // the consumer that read it reports its lag per partition
        // per partition, from the Kafka client: found within the 5 s refresh of the client meters
        // (Micrometer alone looks once a minute)
        await().atMost(Duration.ofSeconds(30)).until(() -> PARTITION_LAG.apply(topics.referrals()).matcher(scrape()).find());

        // a deadline whose breach was never marked: overdue, and the deadlines component DEGRADED
        UUID caseId = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO case_file (id, case_type, process_id, process_version, tenant, status, trigger_date, opened_at)
                VALUES (:id, 'LADO_ALLEGATION', 'lado-allegation', 'LADO-WT2018', 'default', 'OPEN', current_date, now())
                """).param("id", caseId).update();
        jdbc.sql("""
                INSERT INTO case_deadline (case_id, timescale_id, variable, clock_start, due_at, set_at)
                VALUES (:case, 'L1', 'dueL1', :start, :due, :start)
                """).param("case", caseId).param("start", Timestamp.from(Instant.now().minus(Duration.ofDays(3))))
                .param("due", Timestamp.from(Instant.now().minus(Duration.ofHours(2)))).update();
        await().atMost(WAIT).until(() -> figure(scrape(), OVERDUE) == 1.0);
        assertThat(health("deadlines").path("status").asText()).isEqualTo("DEGRADED");
    }

    @Test
    void metricsAreOnlyOnTheManagementPortAndOnlyForMonitoringOrOperators() throws Exception {
        URI metrics = URI.create("http://localhost:" + managementPort + "/actuator/prometheus");
        assertThat(get(metrics, null).statusCode()).isEqualTo(401);
        assertThat(get(metrics, TestCallers.caseworker("lado")).statusCode()).isEqualTo(403);
        assertThat(get(metrics, TestCallers.person("metrics-operator", Set.of("ENGINE_OPERATOR"), Set.of(),
                Set.of(TestCallers.TENANT))).statusCode()).isEqualTo(200);
        HttpResponse<String> scraped = get(metrics, prometheus);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        // health stays readable without a token, as before
        assertThat(get(URI.create("http://localhost:" + managementPort + "/actuator/health"), null).statusCode())
                .isIn(200, 503);
        // the API port has no actuator: the token opens nothing there
        assertThat(get(URI.create("http://localhost:" + port + "/actuator/prometheus"), prometheus).statusCode())
                .isEqualTo(404);
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = get(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"),
                prometheus);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private JsonNode health(String component) throws Exception {
        HttpResponse<String> response = get(URI.create("http://localhost:" + managementPort + "/actuator/health/"
                + component), null);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double figure(String scrape, Pattern series) {
        Matcher m = series.matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
