package org.opensafeguarding.workflow.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.access.CaseAccess;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;

/**
 * Every kind of error answer of the workflow service, provoked over HTTP with real tokens, is problem JSON with the
 * right status, and none shows a stack trace, a Java class or what was sent.
 */
@SpringBootTest(classes = WorkflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
class ProblemAnswersTest {

    /** Stands for personal data an exception message or a body could carry. */
    private static final String SECRET = "Jemima Puddleduck-Secret";

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;

    @MockitoSpyBean
    CaseAccess access;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String lado = TestCallers.caseworker("lado");
    private final String auditor = TestCallers.person("problem-auditor", Set.of("AUDITOR"), Set.of(),
            Set.of(TestCallers.TENANT));
    private final UUID failing = UUID.randomUUID();
    private final UUID databaseAway = UUID.randomUUID();

    @BeforeEach
    void someCasesFailInside() {
        doThrow(new IllegalStateException("cannot read case of " + SECRET))
                .when(access).verdict(any(), eq(CaseId.parse(failing.toString())));
        doThrow(new DataAccessResourceFailureException("connection lost while storing " + SECRET))
                .when(access).verdict(any(), eq(CaseId.parse(databaseAway.toString())));
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415() throws Exception {
        HttpResponse<String> response = send(request("/api/referrals", TestCallers.integration())
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(SECRET)));
        JsonNode problem = assertProblem(response, 415, "unsupported-media-type");
        assertThat(response.headers().firstValue("Accept").orElse("")).contains("application/cloudevents+json");
        assertThat(problem.path("detail").asText()).contains("application/json");
    }

    @Test
    void anAnswerTheCallerDoesNotAcceptIs406() throws Exception {
        HttpResponse<String> response = send(request("/api/tasks", lado).header("Accept", "text/html").GET());
        assertProblem(response, 406, "not-acceptable");
    }

    @Test
    void anUnreadableBodyIs400() throws Exception {
        HttpResponse<String> response = send(request("/api/cases/" + UUID.randomUUID() + "/access", lado)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"restricted\": " + SECRET)));
        JsonNode problem = assertProblem(response, 400, "invalid-request");
        assertThat(problem.path("rule").asText()).isEqualTo("readable");
    }

    @Test
    void aParameterOfTheWrongTypeIs400NamingIt() throws Exception {
        HttpResponse<String> response = send(request("/api/quarantine?limit=" + "Jemima", auditor).GET());
        JsonNode problem = assertProblem(response, 400, "invalid-request");
        assertThat(problem.path("field").asText()).isEqualTo("limit");
        assertThat(problem.path("rule").asText()).isEqualTo("type");
        assertThat(response.body()).doesNotContain("Jemima");

        HttpResponse<String> taskKey = send(request("/api/tasks/Jemima", lado).GET());
        // the detail names the parameter, not what was sent (instance is the path the caller asked for)
        assertThat(assertProblem(taskKey, 400, "invalid-request").path("detail").asText()).doesNotContain("Jemima");
    }

    @Test
    void aBodyOverTheLimitIs413AndOneTooDeepIs400() throws Exception {
        byte[] large = new byte[1024 * 1024 + 10];
        java.util.Arrays.fill(large, (byte) ' ');
        HttpResponse<String> response = send(request("/api/referrals", TestCallers.integration())
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(large)));
        assertProblem(response, 413, "body-too-large");

        String deep = "[".repeat(100) + "]".repeat(100);
        assertProblem(send(request("/api/referrals", TestCallers.integration())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(deep))),
                400, "json-too-deep");
    }

    @Test
    void theSecurityLayersRefusalsAre401And403() throws Exception {
        HttpResponse<String> none = send(request("/api/tasks", null).GET());
        assertProblem(none, 401, "unauthenticated");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertProblem(send(request("/api/tasks", "Bearer not.a.token").GET()), 401, "unauthenticated");
        assertProblem(send(request("/api/audit", lado).GET()), 403, "role-not-allowed");
        // a path nobody wrote is closed like any operation without a rule: nobody learns what exists
        assertProblem(send(request("/api/nothing-here", lado).GET()), 403, "role-not-allowed");
    }

    @Test
    void aPathNothingServesIs404() throws Exception {
        // public, so the security layer lets it through to the part that has nothing there
        HttpResponse<String> response = send(request("/actuator/health/no-such-component", lado).GET());
        assertProblem(response, 404, "not-found");
    }

    @Test
    void aRequestTheFirewallRefusesIs400() throws Exception {
        // the security filter rejects it before any controller; the error page answers
        HttpResponse<String> response = send(request("/api/tasks;jsessionid=" + "Jemima", lado).GET());
        assertProblem(response, 400, "invalid-request");
        assertThat(response.body()).doesNotContain("Jemima");
    }

    @Test
    void anUnexpectedFailureIs500WithoutInternals() throws Exception {
        HttpResponse<String> response = send(request("/api/cases/" + failing + "/access", lado).GET());
        JsonNode problem = assertProblem(response, 500, "internal-error");
        assertThat(problem.path("detail").asText()).doesNotContain("IllegalState");
    }

    @Test
    void theDatabaseAwayIs503WithRetryAfter() throws Exception {
        HttpResponse<String> response = send(request("/api/cases/" + databaseAway + "/access", lado).GET());
        assertProblem(response, 503, "database-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    }

    private JsonNode assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("content type of " + status).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://opensafeguarding.org/problems/");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(response.body()).doesNotContain(SECRET).doesNotContain("Exception").doesNotContain("java.")
                .doesNotContain("org.springframework").doesNotContain("org.opensafeguarding").doesNotContain("trace")
                .doesNotContainPattern("\\bat [a-z]+\\.");
        return problem;
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
