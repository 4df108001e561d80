package org.opensafeguarding.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.testkit.EmbeddedInfrastructure;
import org.opensafeguarding.testkit.TestIdentity;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reporting service denies by default too: every operation of its OpenAPI document, its actuator and a path
 * nobody wrote, called with every role and with bad tokens, answers as the access matrix says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + ReportingApplication.CONFIG_NAME)
class ReportingAccessMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "reporting");
        TestIdentity.register(registry);
    }

    @LocalServerPort
    int port;

    /** The actuator listens on its own port (reporting.yml: management.server.port). */
    @LocalManagementPort
    int managementPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyEndpointAnswersEveryCallerAsTheMatrixSays() throws Exception {
        AccessMatrix.ServiceRules matrix = AccessMatrix.load().service("reporting");
        List<String[]> endpoints = new ArrayList<>(List.of(new String[]{"GET", "/actuator/health"},
                new String[]{"GET", "/actuator/info"}, new String[]{"GET", "/v3/api-docs"},
                new String[]{"GET", "/actuator/prometheus"}, new String[]{"GET", "/actuator/env"},
                new String[]{"GET", "/api/anything"},
                new String[]{"POST", "/api/anything"}));
        JsonNode paths = JSON.readTree(call("GET", "/v3/api-docs", null).body()).path("paths");
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m ->
                endpoints.add(new String[]{m.toUpperCase(), p.getKey()})));

        TestIdentity identity = TestIdentity.shared();
        Map<String, String> valid = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            valid.put(role.name(), "Bearer " + identity.userToken("reporting-" + role.name().toLowerCase(),
                    Set.of(role.name()), Set.of(), Set.of("default")));
        }
        Set<String> lado = Set.of(Role.LADO_OFFICER.name());
        Map<String, String> invalid = Map.of(
                "expired", "Bearer " + identity.expiredUserToken("reporting-expired", lado, Set.of(), Set.of("default")),
                "foreign", "Bearer " + identity.foreignIssuerToken("reporting-foreign", lado, Set.of(), Set.of("default")),
                "garbage", "Bearer x.y.z");

        int cases = 0;
        List<String> leaks = new ArrayList<>();
        for (String[] e : endpoints) {
            boolean open = matrix.isPublic(e[0], e[1]);
            cases++;
            int none = call(e[0], e[1], null).statusCode();
            if (open ? none == 401 || none == 403 : none != 401) {
                leaks.add(e[0] + " " + e[1] + " without a token: " + none);
            }
            for (Map.Entry<String, String> bad : invalid.entrySet()) {
                cases++;
                int status = call(e[0], e[1], bad.getValue()).statusCode();
                if (status != 401) {
                    leaks.add(e[0] + " " + e[1] + " with a " + bad.getKey() + " token: " + status);
                }
            }
            for (Map.Entry<String, String> role : valid.entrySet()) {
                cases++;
                int status = call(e[0], e[1], role.getValue()).statusCode();
                boolean allowed = open || matrix.allows(Set.of(Role.valueOf(role.getKey())), e[0], e[1]);
                if (allowed ? status == 401 || status == 403 : status != 403) {
                    leaks.add(e[0] + " " + e[1] + " as " + role.getKey() + ": " + status);
                }
            }
        }
        System.out.printf("reporting REST matrix: %d endpoints, %d cases, %d leaks%n", endpoints.size(), cases,
                leaks.size());
        assertThat(leaks).isEmpty();
    }

    private HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        // templates get a sample value: the matrix decides by the template, the URI needs a real path
        String concrete = path.replace("{process}", "lado").replace("{component}", "db");
        int listener = concrete.startsWith("/actuator/") ? managementPort : port;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + listener + concrete))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
