package org.opensafeguarding.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedInfrastructure;
import org.opensafeguarding.testkit.TestIdentity;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reporting service's OpenAPI document says what the service is (title, the project's version, contact,
 * licence, the bearer scheme, the problem schema), and its error answers are problem JSON like the workflow's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + ReportingApplication.CONFIG_NAME)
class ReportingApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "reporting");
        TestIdentity.register(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDocumentSaysWhatTheServiceIs() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = JSON.readTree(response.body());
        assertThat(document.path("openapi").asText()).startsWith("3.1");
        assertThat(document.at("/info/title").asText()).isEqualTo("Open Safeguarding reporting API");
        assertThat(document.at("/info/version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(document.at("/info/description").asText()).isNotBlank();
        assertThat(document.at("/info/license/name").asText()).isEqualTo("Apache-2.0");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(document.path("security").toString()).contains("\"bearer\"");
        assertThat(document.at("/components/schemas/Problem/properties").fieldNames()).toIterable()
                .contains("type", "title", "status", "detail", "code", "field", "rule", "errors");
    }

    @Test
    void errorAnswersAreProblemJson() throws Exception {
        String token = "Bearer " + TestIdentity.shared().userToken("reporting-problems", Set.of("LADO_OFFICER"),
                Set.of(), Set.of("default"));
        assertProblem(get("/api/anything", null), 401);
        assertProblem(get("/api/anything", token), 403);
        assertProblem(get("/actuator/health/no-such-component", token), 404);
        assertProblem(get("/api/anything;jsessionid=x", token), 400);
    }

    private void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://opensafeguarding.org/problems/");
        assertThat(problem.path("code").asText()).isNotBlank();
        assertThat(problem.path("type").asText()).endsWith("/" + problem.path("code").asText());
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("java.").doesNotContain("trace");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
