package org.opensafeguarding.workflow.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.engine.EngineCommands;
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
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
 * health turns DEGRADED and the parked-referrals series counts it. A start the engine refuses is parked for an
 * operator, counted and shown, and sent again once its process is deployed.
 */
// a Spring Boot test keeps metrics export off unless told: this one is about the exported figures
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + WorkflowApplication.CONFIG_NAME,
                "safeguarding.intake.health-refresh=1s", "safeguarding.monitoring.refresh=1s",
                "safeguarding.monitoring.incidents-refresh=1s",
                "safeguarding.engine-commands.retry-initial=100ms", "safeguarding.engine-commands.refuse-after=3"})
class MetricsEndpointTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final java.util.function.Function<String, Pattern> PARTITION_LAG = topic -> Pattern.compile(
            "(?m)^kafka_consumer_fetch_manager_records_lag\\{.*partition=\"\\d+\".*topic=\"" + Pattern.quote(topic)
                    + "\".*} \\S+$");
    private static final Pattern PARKED_INVALID_JSON =
            Pattern.compile("(?m)^safeguarding_intake_parked\\{reason=\"invalid-json\"} (\\S+)$");
    private static final Pattern OVERDUE = Pattern.compile("(?m)^safeguarding_deadlines_overdue (\\S+)$");
    private static final Pattern REFUSED_COMMANDS = Pattern.compile("(?m)^safeguarding_engine_commands_refused (\\S+)$");

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

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    EngineCommands engineCommands;

    @Autowired
    CamundaClient client;

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
                "safeguarding_engine_commands_refused ",
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
    void aStartTheEngineRefusesIsParkedForItsPartnershipsOperatorsAndSentAgainOnceFixed() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "refused-" + suffix;
        // deployed only after the engine has refused it: the engine answers 404 for an unknown process
        String processId = "metrics-refused-" + suffix;
        UUID caseId = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO case_file (id, case_type, process_id, process_version, tenant, status, trigger_date, opened_at)
                VALUES (:id, 'LADO_ALLEGATION', :process, 'LADO-WT2018', :tenant, 'OPEN', current_date, now())
                """).param("id", caseId).param("process", processId).param("tenant", tenant).update();
        transactions.executeWithoutResult(s -> engineCommands.requestStart(new CaseId(caseId), processId,
                Map.of("caseId", caseId.toString())));
        long commandId = jdbc.sql("SELECT id FROM engine_command WHERE case_id = :c").param("c", caseId)
                .query(Long.class).single();

        await().atMost(WAIT).until(() -> "REFUSED".equals(commandStatus(commandId)));
        Map<String, Object> parked = jdbc.sql("SELECT attempts, refusals, refusal, refused_at, last_error FROM "
                + "engine_command WHERE id = :id").param("id", commandId).query().singleRow();
        // refuse-after = 3: three refusals, then no more attempts. An attempt made before the service's own models
        // were deployed is not counted as a refusal (the engine may only be waiting for them), hence "at least"
        int attempts = (Integer) parked.get("attempts");
        assertThat(attempts).isGreaterThanOrEqualTo(3);
        assertThat(parked.get("refusals")).isEqualTo(3);
        assertThat(parked.get("refusal")).isEqualTo("NOT_FOUND");
        assertThat(parked.get("refused_at")).isNotNull();
        assertThat((String) parked.get("last_error")).isNotBlank();
        await().atMost(WAIT).until(() -> figure(scrape(), REFUSED_COMMANDS) == 1.0);
        JsonNode health = health("engineCommands");
        assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.at("/details/refused").asLong()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'system:engine-commands' AND action = 'UPDATE' "
                + "AND resource_type = 'engine_command' AND resource_id = '" + commandId + "' AND case_id = '" + caseId
                + "' AND tenant = '" + tenant + "'")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT attempts FROM engine_command WHERE id = :id").param("id", commandId)
                .query(Integer.class).single()).as("a parked command is not sent again by itself").isEqualTo(attempts);

        String operator = TestCallers.person("rita", Set.of("ENGINE_OPERATOR"), Set.of(), Set.of(tenant));
        String otherOperator = TestCallers.person("rob", Set.of("ENGINE_OPERATOR"), Set.of(), Set.of("refused-nowhere"));
        HttpResponse<String> listed = send("GET", "/api/operations/engine-commands", operator);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode items = json.readTree(listed.body()).path("items");
        assertThat(items).hasSize(1);
        JsonNode shown = items.get(0);
        assertThat(shown.path("commandId").asText()).isEqualTo(Long.toString(commandId));
        assertThat(shown.path("caseId").asText()).isEqualTo(caseId.toString());
        assertThat(shown.path("kind").asText()).isEqualTo("START");
        assertThat(shown.path("processId").asText()).isEqualTo(processId);
        assertThat(shown.path("refusal").asText()).isEqualTo("NOT_FOUND");
        assertThat(shown.path("attempts").asInt()).isEqualTo(attempts);
        assertThat(Instant.parse(shown.path("refusedAt").asText())).isNotNull();
        assertThat(shown.has("variables")).isFalse();
        assertThat(json.readTree(send("GET", "/api/operations/engine-commands", otherOperator).body()).path("items"))
                .as("another partnership's operator").isEmpty();
        assertThat(send("POST", "/api/operations/engine-commands/" + commandId + "/retry", otherOperator).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/operations/engine-commands", TestCallers.caseworker("lado")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> notAnId = send("POST", "/api/operations/engine-commands/first/retry", operator);
        assertThat(notAnId.statusCode()).isEqualTo(400);
        assertThat(notAnId.body()).contains("commandId");
        assertThat(commandStatus(commandId)).isEqualTo("REFUSED");
        // the case's caseworkers are told why its page has no diagram
        String caseworker = TestCallers.person("lucy", Set.of("LADO_OFFICER"), Set.of("lado"), Set.of(tenant));
        HttpResponse<String> diagram = send("GET", "/api/cases/" + caseId + "/diagram", caseworker);
        assertThat(diagram.statusCode()).as(diagram.body()).isEqualTo(409);
        assertThat(json.readTree(diagram.body()).path("code").asText()).isEqualTo("process-start-refused");

        // the cause is fixed: the process is deployed, and the operator sends the start again
        client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(processId).startEvent()
                .endEvent().done(), processId + ".bpmn").send().join();
        HttpResponse<String> retried = send("POST", "/api/operations/engine-commands/" + commandId + "/retry", operator);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json.readTree(retried.body()).path("status").asText()).isEqualTo("PENDING");
        await().atMost(WAIT).until(() -> "DONE".equals(commandStatus(commandId)));
        assertThat(jdbc.sql("SELECT process_instance_key FROM case_file WHERE id = :id").param("id", caseId)
                .query(Long.class).optional()).as("the case has its instance").isPresent();
        await().atMost(WAIT).until(() -> figure(scrape(), REFUSED_COMMANDS) == 0.0);
        assertThat(health("engineCommands").path("status").asText()).isEqualTo("UP");
        assertThat(send("GET", "/api/cases/" + caseId + "/diagram", caseworker).statusCode()).isEqualTo(200);
        HttpResponse<String> twice = send("POST", "/api/operations/engine-commands/" + commandId + "/retry", operator);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(json.readTree(twice.body()).path("code").asText()).isEqualTo("command-not-refused");
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:rita' AND action = 'UPDATE' "
                + "AND resource_type = 'engine_command' AND resource_id = '" + commandId + "' AND case_id = '" + caseId
                + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = 'user:rita' AND action = 'READ' "
                + "AND resource_type = 'engine_command' AND resource_id = 'list'")).isEqualTo(1);
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

    private String commandStatus(long commandId) {
        return jdbc.sql("SELECT status FROM engine_command WHERE id = :id").param("id", commandId)
                .query(String.class).single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    /** A call to the service's API port. */
    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", authorization)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
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
