package org.opensafeguarding.workflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.testkit.TestIdentity;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role x endpoint matrix, generated from the service's own OpenAPI document so a new endpoint cannot escape it:
 * every operation, called with every role, with no token, an expired token, another issuer's token and a token of
 * another partnership, answers as the access matrix (docs/security.md) says. Calls that succeed must leave an audit
 * row by their caller. Real tokens from the test identity provider, real PostgreSQL and Kafka.
 */
@SpringBootTest(classes = WorkflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowAccessMatrixTest {

    /** The candidate groups a person of each role is in, as in the demo directory. */
    static final Map<Role, Set<String>> GROUPS = Map.of(
            Role.LADO_OFFICER, Set.of("lado"),
            Role.LADO_MANAGER, Set.of("lado", "lado-manager"),
            Role.CDOP_COORDINATOR, Set.of("cdop-coordinator"),
            Role.CDOP_PANEL_MEMBER, Set.of("cdop-chair"),
            Role.REVIEW_OFFICER, Set.of("review-business-unit"),
            Role.REVIEW_PANEL_MEMBER, Set.of("review-subgroup", "review-chair", "safeguarding-partners"));

    /** Actuator endpoints are not in the OpenAPI document; these are the ones the service exposes. */
    private static final List<String[]> ACTUATOR = List.of(new String[]{"GET", "/actuator/health"},
            new String[]{"GET", "/actuator/health/{component}"}, new String[]{"GET", "/actuator/info"},
            new String[]{"GET", "/actuator/prometheus"}, new String[]{"GET", "/actuator/env"},
            new String[]{"GET", "/actuator/beans"});

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;

    /** The actuator listens on its own port (workflow.yml: management.server.port). */
    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AccessMatrix.ServiceRules matrix = AccessMatrix.load().service("workflow");
    private final UUID caseId = UUID.randomUUID();
    private final long taskKey = 2251799813700000L + (System.nanoTime() % 100_000);

    @BeforeAll
    void aCaseWithAnOpenTaskInTheTestPartnership() {
        jdbc.sql("""
                INSERT INTO case_file (id, case_type, process_id, process_version, tenant, status, trigger_date, opened_at)
                VALUES (:id, 'LADO_ALLEGATION', 'lado-allegation', 'LADO-WT2018', :tenant, 'OPEN', DATE '2024-03-04', now())
                """).param("id", caseId).param("tenant", TestCallers.TENANT).update();
        jdbc.sql("""
                INSERT INTO case_task (task_key, case_id, process_instance_key, element_instance_key, process_id,
                                       element_id, name, candidate_groups, created_at)
                VALUES (:key, :case, 1, 2, 'lado-allegation', 'InitialConsideration', 'Initial consideration',
                        '{lado}', :at)
                """).param("key", taskKey).param("case", caseId).param("at", Timestamp.from(Instant.now())).update();
    }

    record Endpoint(String method, String template) {
        String path(UUID caseId, long taskKey) {
            return template.replace("{caseId}", caseId.toString()).replace("{taskKey}", Long.toString(taskKey))
                    .replace("{messageName}", "Message_PostMortemReport").replace("{requestType}", "cdr-reporting-form")
                    .replace("{agencyId}", "health").replace("{component}", "db")
                    .replace("{caseType}", "lado-allegation").replace("{id}", "4242")
                    .replace("{incidentKey}", "2251799813999999").replace("{commandId}", "4242");
        }
    }

    record Caller(String label, String authorization, Set<Role> roles, boolean valid, boolean sameTenant) {
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheMatrixSays() throws Exception {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("the OpenAPI document lists the API").hasSizeGreaterThan(8);
        List<Caller> callers = callers();

        int cases = 0;
        List<String> leaks = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (Caller caller : callers) {
                cases++;
                String path = endpoint.path(caseId, taskKey);
                long auditBefore = auditRowsBy(caller.label());
                HttpResponse<String> response = call(endpoint.method(), path, caller.authorization());
                String problem = verdictOf(endpoint, caller, response, auditBefore);
                if (problem != null) {
                    leaks.add(endpoint.method() + " " + endpoint.template() + " as " + caller.label() + ": "
                            + response.statusCode() + " " + abbreviate(response.body()) + " (" + problem + ")");
                }
            }
        }
        System.out.printf("workflow REST matrix: %d endpoints x %d callers = %d cases, %d leaks%n",
                endpoints.size(), callers.size(), cases, leaks.size());
        assertThat(leaks).as("answers that differ from the access matrix").isEmpty();
    }

    /** @return why the answer is wrong, or null when it is what the matrix says */
    private String verdictOf(Endpoint endpoint, Caller caller, HttpResponse<String> response, long auditBefore) {
        int status = response.statusCode();
        String code = code(response);
        if (matrix.isPublic(endpoint.method(), endpoint.template())) {
            // a token that is presented is checked (RFC 6750 §3.1), even where none is needed
            if (caller.authorization() != null && caller.authorization().startsWith("Bearer ") && !caller.valid()) {
                return status == 401 ? null : "an invalid token presented to a public endpoint was not 401";
            }
            return status == 401 || status == 403 ? "a public endpoint refused" : null;
        }
        if (!caller.valid()) {
            return status == 401 ? null : "an invalid or missing token was not 401";
        }
        boolean allowed = matrix.allows(caller.roles(), endpoint.method(), endpoint.template());
        if (!allowed) {
            return status == 403 && "role-not-allowed".equals(code) ? null : "the matrix forbids this role";
        }
        if (status == 401 || "role-not-allowed".equals(code)) {
            return "the matrix allows this role but the call was refused by role";
        }
        if (!caller.sameTenant() && status / 100 == 2
                && (response.body().contains(caseId.toString()) || response.body().contains(Long.toString(taskKey)))) {
            return "another partnership's caller saw the case";
        }
        if (!caller.sameTenant() && status / 100 == 2 && !endpoint.method().equals("GET")) {
            return "another partnership's caller changed something";
        }
        // metrics are counts of the service's own work, no case data: a scrape is not audited
        if (status / 100 == 2 && !endpoint.template().startsWith("/actuator/")
                && auditRowsBy(caller.label()) <= auditBefore) {
            return "a successful call left no audit row";
        }
        return null;
    }

    private List<Caller> callers() {
        TestIdentity identity = TestIdentity.shared();
        List<Caller> callers = new ArrayList<>();
        for (Role role : Role.values()) {
            Set<String> groups = GROUPS.getOrDefault(role, Set.of());
            String user = "matrix-" + role.name().toLowerCase().replace('_', '-');
            String token = machine(role)
                    ? identity.clientToken(user, Set.of(role.name()), Set.of(TestCallers.TENANT))
                    : identity.userToken(user, Set.of(role.name()), groups, Set.of(TestCallers.TENANT));
            callers.add(new Caller(actor(role, user), "Bearer " + token, Set.of(role), true, true));
            if (!groups.isEmpty()) {
                String other = user + "-other";
                callers.add(new Caller("user:" + other, "Bearer " + identity.userToken(other, Set.of(role.name()),
                        groups, Set.of(TestCallers.OTHER_TENANT)), Set.of(role), true, false));
            }
        }
        Set<String> lado = Set.of(Role.LADO_OFFICER.name());
        callers.add(new Caller("no token", null, Set.of(), false, true));
        callers.add(new Caller("expired token", "Bearer " + identity.expiredUserToken("matrix-expired", lado,
                Set.of("lado"), Set.of(TestCallers.TENANT)), Set.of(), false, true));
        callers.add(new Caller("another issuer's token", "Bearer " + identity.foreignIssuerToken("matrix-foreign", lado,
                Set.of("lado"), Set.of(TestCallers.TENANT)), Set.of(), false, true));
        callers.add(new Caller("garbage token", "Bearer not.a.token", Set.of(), false, true));
        callers.add(new Caller("basic credentials", "Basic bGFkbzE6bGFkbzE=", Set.of(), false, true));
        return callers;
    }

    private static String actor(Role role, String user) {
        return (machine(role) ? "client:" : "user:") + user;
    }

    private static boolean machine(Role role) {
        return role == Role.INTEGRATION || role == Role.WORKFLOW_SERVICE || role == Role.MONITORING;
    }

    private List<Endpoint> endpoints() throws Exception {
        HttpResponse<String> api = call("GET", "/v3/api-docs", null);
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(api.body()).path("paths");
        List<Endpoint> endpoints = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method ->
                    endpoints.add(new Endpoint(method.toUpperCase(), path.getKey())));
        }
        ACTUATOR.forEach(a -> endpoints.add(new Endpoint(a[0], a[1])));
        endpoints.add(new Endpoint("GET", "/v3/api-docs"));
        return endpoints;
    }

    private HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        int listener = path.startsWith("/actuator/") ? managementPort : port;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + listener + path));
        boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        request.method(method, withBody ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long auditRowsBy(String actor) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE actor = :actor AND action <> 'DENIED'")
                .param("actor", actor).query(Long.class).single();
    }

    private static String code(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).path("code").asText(null);
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 160 ? body.substring(0, 160) + "..." : body;
    }
}
