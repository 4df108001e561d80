package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensafeguarding.identity.provider.IdentityProviderClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack behind the README's run command: it comes up healthy and finds its data again after a restart. */
class LocalStackTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void startsHealthyAndKeepsItsDataAcrossARestart(@TempDir Path data) throws Exception {
        LocalStackSettings settings = FreePortSettings.in(data);

        try (LocalStack stack = new LocalStack()) {
            stack.start(settings);
            assertEngineHealthy(settings.engineManagementPort());
            assertHealthy(settings.workflowManagementPort(), true);
            assertHealthy(settings.reportingManagementPort(), false);
            aDemoCaseworkerSignsInAndCallsTheTasklistWithTheToken(settings, data);
            execute(settings, "workflow",
                    "INSERT INTO task_form (form_key, form_id, version, schema) VALUES (1, 'kept-across-restart', 1, '{}')");
        }

        try (LocalStack stack = new LocalStack()) {
            stack.start(settings);
            assertThat(count(settings, "workflow", "SELECT count(*) FROM task_form WHERE form_id = 'kept-across-restart'"))
                    .isEqualTo(1);
        }

        LocalStackSettings clean = FreePortSettings.in(data, "--clean");
        try (LocalStack stack = new LocalStack()) {
            stack.start(clean);
            assertThat(count(clean, "workflow", "SELECT count(*) FROM task_form WHERE form_id = 'kept-across-restart'"))
                    .isZero();
        }
    }

    /** The README's promise: sign in as a demo caseworker, call the tasklist with the token; without one, 401. */
    private void aDemoCaseworkerSignsInAndCallsTheTasklistWithTheToken(LocalStackSettings settings, Path data)
            throws Exception {
        String password = Files.readString(data.resolve("secrets/users/lado.north")).trim();
        // the engine token the Camunda client caches is a credential too
        assertThat(java.nio.file.Files.getPosixFilePermissions(data.resolve("secrets/camunda-credentials.json")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        IdentityProviderClient.TokenResponse signedIn = new IdentityProviderClient(
                URI.create("http://127.0.0.1:" + settings.identityPort()))
                .authorizationCode(LocalIdentities.WEB_CLIENT, URI.create(LocalIdentities.WEB_REDIRECT), "lado.north",
                        password);
        URI tasks = URI.create("http://localhost:" + settings.workflowPort() + "/api/tasks");
        HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(tasks)
                .header("Authorization", "Bearer " + signedIn.accessToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
        assertThat(json.readTree(withToken.body()).has("items")).isTrue();
        HttpResponse<String> without = http.send(HttpRequest.newBuilder(tasks).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(401);
        // the engine wants a token too
        HttpResponse<String> engine = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + settings.engineRestPort() + "/v2/topology")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(engine.statusCode()).isEqualTo(401);
    }

    private void assertEngineHealthy(int managementPort) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asText()).isEqualTo("UP");
    }

    private void assertHealthy(int port, boolean talksToTheEngine) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode health = json.readTree(response.body());
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        if (talksToTheEngine) {
            assertThat(health.at("/components/camundaClient/status").asText()).as(response.body()).isEqualTo("UP");
        }
    }

    private static void execute(LocalStackSettings settings, String database, String sql) throws Exception {
        try (Connection c = connect(settings, database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(LocalStackSettings settings, String database, String sql) throws Exception {
        try (Connection c = connect(settings, database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(LocalStackSettings settings, String database) throws Exception {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + database, LocalPostgres.USER, "");
    }


}
