package org.opensafeguarding.workflow.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.IdentityAuthentication;
import org.opensafeguarding.identity.access.IdentityConverter;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.support.TestCallers;
import org.opensafeguarding.workflow.support.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What checking a token adds to a request: the verification the security filter does on every call (signature,
 * issuer, expiry, claims to an identity, the matrix lookup), in process, and for scale the whole of the hottest
 * endpoint (GET /api/tasks) over HTTP with a token. Run with
 * {@code ./mvnw -pl services/workflow test -Dtest=TokenCheckBenchmarkTest -Dbenchmark=true}; skipped otherwise.
 * Figures go to stdout and {@code target/benchmark/token-check.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@SpringBootTest(classes = WorkflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + WorkflowApplication.CONFIG_NAME)
@DirtiesContext
class TokenCheckBenchmarkTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Autowired
    JwtDecoder decoder;

    @Autowired
    IdentityConverter converter;

    @Autowired
    AccessMatrix matrix;

    @LocalServerPort
    int port;

    @Test
    void addedLatencyOfTokenChecks() throws Exception {
        int count = Integer.getInteger("benchmark.count", 5000);
        String bearer = TestCallers.caseworker("bench-lado", Set.of("lado"), TestCallers.TENANT);
        String token = bearer.substring("Bearer ".length());
        AccessMatrix.ServiceRules rules = matrix.service("workflow");

        long[] check = new long[count];
        for (int i = -1000; i < count; i++) { // the first thousand warm the JIT and fetch the key set
            long start = System.nanoTime();
            IdentityAuthentication auth = converter.convert(decoder.decode(token));
            boolean allowed = rules.allows(auth.identity(), "GET", "/api/tasks");
            long took = System.nanoTime() - start;
            assertThat(allowed).isTrue();
            if (i >= 0) {
                check[i] = took;
            }
        }

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/tasks?size=20"))
                .header("Authorization", bearer).GET().build();
        int requests = Math.max(count / 5, 200);
        long[] call = new long[requests];
        for (int i = -200; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(list, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            assertThat(response.statusCode()).isEqualTo(200);
            if (i >= 0) {
                call[i] = took;
            }
        }

        String report = String.format("""
                token-check benchmark (workflow service, RS256 access tokens from the embedded provider)
                verify + identity + matrix, in process, %d checks: median %.1f us, p99 %.1f us
                GET /api/tasks?size=20 with a token over HTTP, %d sequential calls: median %.2f ms, p99 %.2f ms
                machine cores: %d
                """, count, micros(check, 50), micros(check, 99), requests, micros(call, 50) / 1000,
                micros(call, 99) / 1000, Runtime.getRuntime().availableProcessors());
        System.out.println(report);
        Path out = Path.of("target", "benchmark", "token-check.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static double micros(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1000.0;
    }
}
