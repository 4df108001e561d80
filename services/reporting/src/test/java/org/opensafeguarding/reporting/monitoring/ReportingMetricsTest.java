package org.opensafeguarding.reporting.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.reporting.ReportingApplication;
import org.opensafeguarding.reporting.retention.InboxRetention;
import org.opensafeguarding.reporting.support.MutableClock;
import org.opensafeguarding.reporting.support.ReportingStack;
import org.opensafeguarding.reporting.support.TestClock;
import org.opensafeguarding.testkit.TestIdentity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
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
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reporting service's figures as Prometheus scrapes them (docs/operations.md, "Metrics and health"), over HTTP on
 * the management port with a client-credentials token of role MONITORING: a record the projections cannot read is
 * parked, health {@code parkedEvents} turns DEGRADED and the parked series counts it; it ages out of the window when
 * the clock moves. The inbox retention deletes only ids older than its setting.
 */
// a Spring Boot test keeps metrics export off unless told: this one is about the exported figures
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + ReportingApplication.CONFIG_NAME, "reporting.monitoring.refresh=PT1S",
                "reporting.retention.inbox=P30D", "reporting.retention.batch-size=2"})
@Import(TestClock.class)
class ReportingMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final java.util.function.Function<String, Pattern> PARTITION_LAG = topic -> Pattern.compile(
            "(?m)^kafka_consumer_fetch_manager_records_lag\\{.*partition=\"\\d+\".*topic=\"" + Pattern.quote(topic)
                    + "\".*} \\S+$");
    private static final Pattern PARKED = Pattern.compile("(?m)^reporting_events_parked (\\S+)$");
    private static final Pattern RECENTLY_PARKED = Pattern.compile("(?m)^reporting_events_parked_recent (\\S+)$");

    static String topic;
    static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        topic = ReportingStack.register(registry, "metrics");
    }

    @BeforeAll
    static void open() {
        producer = ReportingStack.producer();
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    InboxRetention retention;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String prometheus = "Bearer " + TestIdentity.shared()
            .clientToken("reporting-prometheus", Set.of("MONITORING"), Set.of());

    @Test
    void aParkedRecordTurnsHealthDegradedAndIsCountedOnThePrometheusEndpoint() throws Exception {
        try {
            await().atMost(WAIT).until(() -> figure(scrape(), PARKED) == 0.0);
            assertThat(health("parkedEvents").path("status").asText()).isEqualTo("UP");
            String before = scrape();
            for (String series : new String[]{"reporting_events_held ", "reporting_events_gaps_stale ",
                    "reporting_events_parked_recent ", "reporting_deadlines_breached ", "reporting_deadlines_overdue "}) {
                assertThat(before).as(series).contains("\n" + series);
            }
            assertThat(health("consumerLag").path("status").asText()).isEqualTo("UP");

            ReportingStack.send(producer, topic, "unreadable", List.of("{not json".getBytes(StandardCharsets.UTF_8)));

            await().atMost(WAIT).until(() -> figure(scrape(), PARKED) == 1.0);
            assertThat(figure(scrape(), RECENTLY_PARKED)).isEqualTo(1.0);
            JsonNode parked = health("parkedEvents");
            assertThat(parked.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(parked.at("/details/parkedRecently").asLong()).isEqualTo(1);
            HttpResponse<String> overall = get(URI.create("http://localhost:" + managementPort + "/actuator/health"), null);
            assertThat(overall.statusCode()).as("DEGRADED answers 200").isEqualTo(200);
            assertThat(json.readTree(overall.body()).path("status").asText()).isEqualTo("DEGRADED");
            // per partition, from the Kafka client: found within the 5 s refresh of the client meters
            // (Micrometer alone looks once a minute)
            await().atMost(Duration.ofSeconds(30)).until(() -> PARTITION_LAG.apply(topic).matcher(scrape()).find());

            // kept, but no longer recent: health is UP again
            clock.advance(Duration.ofDays(2));
            assertThat(health("parkedEvents").path("status").asText()).isEqualTo("UP");
            assertThat(figure(scrape(), PARKED)).isEqualTo(1.0);
        } finally {
            clock.set(TestClock.START);
        }
    }

    @Test
    void metricsNeedAMonitoringOrOperatorTokenAndAreNotOnTheApiPort() throws Exception {
        URI metrics = URI.create("http://localhost:" + managementPort + "/actuator/prometheus");
        assertThat(get(metrics, null).statusCode()).isEqualTo(401);
        assertThat(get(metrics, "Bearer " + TestIdentity.shared().userToken("reporting-manager",
                Set.of("PARTNERSHIP_MANAGER"), Set.of(), Set.of("default"))).statusCode()).isEqualTo(403);
        assertThat(get(metrics, prometheus).statusCode()).isEqualTo(200);
        assertThat(get(URI.create("http://localhost:" + port + "/actuator/prometheus"), prometheus).statusCode())
                .isEqualTo(404);
    }

    @Test
    void theInboxRetentionDeletesOnlyIdsOlderThanItsSettingInBatches() {
        Instant now = clock.instant();
        for (int i = 0; i < 3; i++) {
            inbox("retention-old-" + i, now.minus(Duration.ofDays(31)));
        }
        inbox("retention-recent", now.minus(Duration.ofDays(29)));
        try {
            assertThat(retention.sweep()).isEqualTo(3);
            assertThat(jdbc.queryForList("SELECT event_id FROM inbox WHERE event_id LIKE 'retention-%'", String.class))
                    .containsExactly("retention-recent");
            clock.advance(Duration.ofDays(2));
            assertThat(retention.sweep()).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox WHERE event_id LIKE 'retention-%'", Long.class))
                    .isZero();
        } finally {
            clock.set(TestClock.START);
        }
    }

    private void inbox(String eventId, Instant receivedAt) {
        jdbc.update("INSERT INTO inbox (projection_version, event_id, event_type, received_at) VALUES (1, ?, 'test', ?)",
                eventId, Timestamp.from(receivedAt));
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = get(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"),
                prometheus);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private JsonNode health(String component) throws Exception {
        return json.readTree(get(URI.create("http://localhost:" + managementPort + "/actuator/health/" + component),
                null).body());
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
