package org.opensafeguarding.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Need-to-know with real tokens: forged identity headers change nothing; another partnership's case does not exist
 * for its people; a restricted case is invisible to a member of the right group who is not named on it, until they
 * break the glass, which is audited and tells the manager.
 */
@SpringBootTest(classes = WorkflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
class CaseAccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong TASK_KEYS = new AtomicLong(2251799813800000L);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void forgedIdentityHeadersChangeNothing() throws Exception {
        long task = newCaseWithTask(TestCallers.TENANT, "lado");

        HttpResponse<String> noToken = send(get("/api/tasks/" + task).header("X-User-Id", "lado1")
                .header("X-User-Groups", "lado"));
        assertThat(noToken.statusCode()).isEqualTo(401);

        // a caseworker in no candidate group, claiming one by header, still is in none
        String outsider = TestCallers.bearer("header-forger", "");
        HttpResponse<String> forged = send(get("/api/tasks/" + task).header("Authorization", outsider)
                .header("X-User-Id", "lado1").header("X-User-Groups", "lado,lado-manager"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE actor = 'user:header-forger' AND action = 'DENIED'")
                .query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE actor = 'user:lado1'").query(Long.class).single())
                .isZero();
    }

    @Test
    void anotherPartnershipsCaseDoesNotExistForItsPeople() throws Exception {
        long task = newCaseWithTask(TestCallers.OTHER_TENANT, "lado");
        String ours = TestCallers.caseworker("lado-ours", Set.of("lado"), TestCallers.TENANT);

        assertThat(send(get("/api/tasks/" + task).header("Authorization", ours)).statusCode()).isEqualTo(404);
        JsonNode list = JSON.readTree(send(get("/api/tasks").header("Authorization", ours)).body());
        assertThat(list.path("items").findValuesAsText("taskKey")).doesNotContain(Long.toString(task));
        String theirs = TestCallers.caseworker("lado-theirs", Set.of("lado"), TestCallers.OTHER_TENANT);
        assertThat(send(get("/api/tasks/" + task).header("Authorization", theirs)).statusCode()).isEqualTo(200);
    }

    @Test
    void aRestrictedCaseIsHiddenFromTheTeamUntilTheGlassIsBrokenAndThatIsAuditedAndAnnounced() throws Exception {
        long task = newCaseWithTask(TestCallers.TENANT, "lado");
        UUID caseId = caseOf(task);
        String named = TestCallers.caseworker("lado-named", Set.of("lado"), TestCallers.TENANT);
        String other = TestCallers.caseworker("lado-other", Set.of("lado"), TestCallers.TENANT);

        HttpResponse<String> restricted = send(put("/api/cases/" + caseId + "/access",
                "{\"restricted\": true, \"members\": [\"lado-named\"]}").header("Authorization", named));
        assertThat(restricted.statusCode()).as(restricted.body()).isEqualTo(200);
        assertThat(JSON.readTree(restricted.body()).path("members").toString()).contains("lado-named");

        // the named person works on as before; the other member of the team sees only that it exists
        assertThat(send(get("/api/tasks/" + task).header("Authorization", named)).statusCode()).isEqualTo(200);
        HttpResponse<String> hidden = send(get("/api/tasks/" + task).header("Authorization", other));
        assertThat(hidden.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(hidden.body()).path("code").asText()).isEqualTo("restricted");
        JsonNode list = JSON.readTree(send(get("/api/tasks?caseId=" + caseId).header("Authorization", other)).body());
        assertThat(list.path("items")).isEmpty();
        assertThat(list.path("restrictedHidden").asLong()).isEqualTo(1);
        JsonNode access = JSON.readTree(send(get("/api/cases/" + caseId + "/access").header("Authorization", other))
                .body());
        assertThat(access.path("restricted").asBoolean()).isTrue();
        assertThat(access.path("members").isMissingNode() || access.path("members").isNull()).isTrue();

        // a reason is required; with one, the glass breaks for a limited time
        assertThat(send(post("/api/cases/" + caseId + "/break-glass", "{\"reason\": \"x\"}")
                .header("Authorization", other)).statusCode()).isEqualTo(400);
        HttpResponse<String> broken = send(post("/api/cases/" + caseId + "/break-glass",
                "{\"reason\": \"Duty officer: police called with new information\"}").header("Authorization", other));
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(201);
        assertThat(send(get("/api/tasks/" + task).header("Authorization", other)).statusCode()).isEqualTo(200);

        List<String> audited = jdbc.sql("""
                SELECT detail::text FROM audit_log WHERE actor = 'user:lado-other' AND resource_type = 'case_access'
                  AND action = 'UPDATE'""").query(String.class).list();
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0)).contains("break-glass").doesNotContain("police called");
        assertThat(jdbc.sql("SELECT reason FROM case_break_glass WHERE case_id = :id").param("id", caseId)
                .query(String.class).single()).contains("police called");
        String event = jdbc.sql("""
                SELECT envelope::text FROM outbox_event WHERE case_id = :id AND event_type LIKE '%break-glass'""")
                .param("id", caseId).query(String.class).single();
        assertThat(event).contains("LADO_OFFICER").doesNotContain("lado-other").doesNotContain(caseId.toString());
    }

    @Test
    void anAutomaticRestrictionCannotBeLifted() throws Exception {
        long task = newCaseWithTask(TestCallers.TENANT, "lado");
        UUID caseId = caseOf(task);
        jdbc.sql("INSERT INTO case_restriction (case_id, reason, restricted_by, restricted_at) "
                + "VALUES (:id, 'STAFF_ALLEGATION', 'intake', now())").param("id", caseId).update();
        String lado = TestCallers.caseworker("lado-lifter", Set.of("lado"), TestCallers.TENANT);
        assertThat(send(post("/api/cases/" + caseId + "/break-glass",
                "{\"reason\": \"Allocated to me by the LADO manager today\"}").header("Authorization", lado))
                .statusCode()).isEqualTo(201);

        HttpResponse<String> lift = send(put("/api/cases/" + caseId + "/access", "{\"restricted\": false}")
                .header("Authorization", lado));
        assertThat(lift.statusCode()).isEqualTo(409);
        assertThat(jdbc.sql("SELECT count(*) FROM case_restriction WHERE case_id = :id").param("id", caseId)
                .query(Long.class).single()).isEqualTo(1);
    }

    private long newCaseWithTask(String tenant, String group) {
        UUID caseId = UUID.randomUUID();
        long key = TASK_KEYS.incrementAndGet();
        jdbc.sql("""
                INSERT INTO case_file (id, case_type, process_id, process_version, tenant, status, trigger_date, opened_at)
                VALUES (:id, 'LADO_ALLEGATION', 'lado-allegation', 'LADO-WT2018', :tenant, 'OPEN', DATE '2024-03-04', now())
                """).param("id", caseId).param("tenant", tenant).update();
        jdbc.sql("""
                INSERT INTO case_task (task_key, case_id, process_instance_key, element_instance_key, process_id,
                                       element_id, name, candidate_groups, created_at)
                VALUES (:key, :case, 1, 2, 'lado-allegation', 'InitialConsideration', 'Initial consideration',
                        CAST(:groups AS TEXT[]), :at)
                """).param("key", key).param("case", caseId).param("groups", "{" + group + "}")
                .param("at", Timestamp.from(Instant.now())).update();
        return key;
    }

    private UUID caseOf(long task) {
        return jdbc.sql("SELECT case_id FROM case_task WHERE task_key = :k").param("k", task).query(UUID.class).single();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder put(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type",
                "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
